package uk.boroughbroker.realms;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.boroughbroker.model.directory.DirectorySetting;
import uk.boroughbroker.model.directory.DirectorySettings;

/**
 * A council's federation settings, derived from the councils file and the settings' declarations
 * ({@link DirectorySettings}): what the file gives wins; a tuning setting the file leaves out keeps
 * the value {@code council-federation.json} pins for every council, or else its declared default.
 * Every declared setting is written, so a setting a file stops giving returns to its default
 * instead of staying as an earlier apply left it.
 */
final class FederationSettings {

    private FederationSettings() {
    }

    /** Writes every declared setting of {@code council} into the federation's {@code config}. */
    static void write(Council council, ObjectNode federation) {
        ObjectNode config = federation.with("config");
        Map<String, String> given = fromFile(council);
        for (DirectorySetting setting : DirectorySettings.ALL) {
            String value = given.get(setting.key());
            if (value == null && config.has(setting.key())) {
                continue; // pinned by the template for every council
            }
            ArrayNode values = config.putArray(setting.key());
            String chosen = value == null ? setting.defaultValue() : value;
            // An empty setting is sent as an empty list: Keycloak keeps any setting an update leaves
            // out, and removes one sent empty (a removed caFile must not stay on the federation).
            if (!chosen.isEmpty()) {
                values.add(chosen);
            }
        }
    }

    /** The settings the councils file gives; multivalued ones joined with "##", as the admin console stores them. */
    static Map<String, String> fromFile(Council council) {
        Council.Directory d = council.directory();
        Map<String, String> values = new LinkedHashMap<>();
        values.put(DirectorySettings.DISPLAY_NAME.key(), council.displayName());
        values.put(DirectorySettings.UPN_SUFFIXES.key(), String.join("##", council.upnSuffixes()));
        values.put(DirectorySettings.EMAIL_DOMAINS.key(), String.join("##", council.emailDomains()));
        values.put(DirectorySettings.NETBIOS_NAME.key(), council.netbiosName().orElse(""));
        values.put(DirectorySettings.CONNECTION_URLS.key(), String.join("##", d.urls()));
        values.put(DirectorySettings.USERS_DN.key(), d.usersDn());
        values.put(DirectorySettings.BIND_DN.key(), d.bindDn());
        values.put(DirectorySettings.BIND_CREDENTIAL.key(), d.bindCredential());
        values.put(DirectorySettings.CONNECT_TIMEOUT.key(), Integer.toString(d.connectTimeoutMillis()));
        values.put(DirectorySettings.READ_TIMEOUT.key(), Integer.toString(d.readTimeoutMillis()));
        values.put(DirectorySettings.DEADLINE.key(), Integer.toString(d.deadlineMillis()));
        values.put(DirectorySettings.START_TLS.key(), Boolean.toString(d.startTls()));
        values.put(DirectorySettings.ALLOW_PLAINTEXT.key(), Boolean.toString(d.allowPlaintext()));
        values.put(DirectorySettings.TRUSTED_CERTIFICATES.key(), d.trustedCertificates());
        values.put(DirectorySettings.GROUP_RESOLUTION.key(), d.groupResolution());
        values.putAll(d.tuning());
        return values;
    }
}
