package uk.boroughbroker.keycloak.directory;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.model.directory.DirectorySettings;

/** Models for the tests: Brent's federation, valid unless a test changes it, and a request. */
final class TestModels {

    static final String USERS_DN = "OU=Staff,DC=brent,DC=gov,DC=uk";
    static final String BIND_DN = "CN=svc-borough-broker,OU=Service Accounts,DC=brent,DC=gov,DC=uk";

    private TestModels() {
    }

    /** Brent as the brief describes it, pointing at a directory that is not contacted. */
    static ComponentModel brent() {
        ComponentModel model = new ComponentModel();
        model.setId("brent-component-id");
        model.setName("brent");
        model.getConfig().putSingle(DirectorySettings.UPN_SUFFIXES.key(), "brent.gov.uk");
        model.getConfig().putSingle(DirectorySettings.EMAIL_DOMAINS.key(), "staff.brent.gov.uk");
        model.getConfig().putSingle(DirectorySettings.NETBIOS_NAME.key(), "BRENT");
        model.getConfig().putSingle(DirectorySettings.CONNECTION_URLS.key(), "ldaps://dc1.brent.local:636");
        model.getConfig().putSingle(DirectorySettings.USERS_DN.key(), USERS_DN);
        model.getConfig().putSingle(DirectorySettings.BIND_DN.key(), BIND_DN);
        model.getConfig().putSingle(DirectorySettings.BIND_CREDENTIAL.key(), "s3cret");
        model.getConfig().putSingle(DirectorySettings.CONNECT_TIMEOUT.key(), "2000");
        model.getConfig().putSingle(DirectorySettings.READ_TIMEOUT.key(), "5000");
        model.getConfig().putSingle(DirectorySettings.FAILURE_THRESHOLD.key(), "3");
        model.getConfig().putSingle(DirectorySettings.UNAVAILABLE_SECONDS.key(), "30");
        model.getConfig().putSingle(DirectorySettings.MAX_CONNECTIONS.key(), "10");
        return model;
    }

    /**
     * Brent against a running in-memory directory, at {@code urls} (joined with "##"), with timeouts
     * short enough that a hung DC costs a test about a second, and long enough that a healthy one on a
     * loaded two-core machine still answers in time (300 ms did not, at a load average of 10).
     */
    static ComponentModel brent(CouncilDirectory directory, String urls) {
        ComponentModel model = brent();
        model.getConfig().putSingle(DirectorySettings.CONNECTION_URLS.key(), urls);
        model.getConfig().putSingle(DirectorySettings.USERS_DN.key(), directory.usersDn());
        model.getConfig().putSingle(DirectorySettings.BIND_DN.key(), directory.bindDn());
        model.getConfig().putSingle(DirectorySettings.BIND_CREDENTIAL.key(), directory.bindPassword());
        model.getConfig().putSingle(DirectorySettings.CONNECT_TIMEOUT.key(), "1000");
        model.getConfig().putSingle(DirectorySettings.READ_TIMEOUT.key(), "1000");
        // In-memory directories listen on loopback: plain LDAP never leaves the machine.
        model.getConfig().putSingle(DirectorySettings.ALLOW_PLAINTEXT.key(), "true");
        return model;
    }

    /** A request that has only its attributes ({@code attributes}); any other use fails the test. */
    static KeycloakSession request(Map<String, Object> attributes) {
        return (KeycloakSession) Proxy.newProxyInstance(KeycloakSession.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
