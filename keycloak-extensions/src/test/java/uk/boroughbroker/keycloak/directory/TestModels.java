package uk.boroughbroker.keycloak.directory;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import uk.boroughbroker.directory.CouncilDirectory;

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
        model.getConfig().putSingle(CouncilDirectoryConfig.UPN_SUFFIXES, "brent.gov.uk");
        model.getConfig().putSingle(CouncilDirectoryConfig.EMAIL_DOMAINS, "staff.brent.gov.uk");
        model.getConfig().putSingle(CouncilDirectoryConfig.NETBIOS_NAME, "BRENT");
        model.getConfig().putSingle(CouncilDirectoryConfig.CONNECTION_URLS, "ldaps://dc1.brent.local:636");
        model.getConfig().putSingle(CouncilDirectoryConfig.USERS_DN, USERS_DN);
        model.getConfig().putSingle(CouncilDirectoryConfig.BIND_DN, BIND_DN);
        model.getConfig().putSingle(CouncilDirectoryConfig.BIND_CREDENTIAL, "s3cret");
        model.getConfig().putSingle(CouncilDirectoryConfig.CONNECT_TIMEOUT, "2000");
        model.getConfig().putSingle(CouncilDirectoryConfig.READ_TIMEOUT, "5000");
        model.getConfig().putSingle(CouncilDirectoryConfig.FAILURE_THRESHOLD, "3");
        model.getConfig().putSingle(CouncilDirectoryConfig.UNAVAILABLE_SECONDS, "30");
        model.getConfig().putSingle(CouncilDirectoryConfig.MAX_CONNECTIONS, "10");
        return model;
    }

    /** Brent against a running in-memory directory, at {@code urls} (joined with "##"), short timeouts. */
    static ComponentModel brent(CouncilDirectory directory, String urls) {
        ComponentModel model = brent();
        model.getConfig().putSingle(CouncilDirectoryConfig.CONNECTION_URLS, urls);
        model.getConfig().putSingle(CouncilDirectoryConfig.USERS_DN, directory.usersDn());
        model.getConfig().putSingle(CouncilDirectoryConfig.BIND_DN, directory.bindDn());
        model.getConfig().putSingle(CouncilDirectoryConfig.BIND_CREDENTIAL, directory.bindPassword());
        model.getConfig().putSingle(CouncilDirectoryConfig.CONNECT_TIMEOUT, "300");
        model.getConfig().putSingle(CouncilDirectoryConfig.READ_TIMEOUT, "300");
        // In-memory directories listen on loopback: plain LDAP never leaves the machine.
        model.getConfig().putSingle(CouncilDirectoryConfig.ALLOW_PLAINTEXT, "true");
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
