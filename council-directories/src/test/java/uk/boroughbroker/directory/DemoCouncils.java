package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;

import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** The six demo councils, their LDIF files and the documented demo password pattern. */
final class DemoCouncils {

    /** Tests run with the module directory as working directory. */
    static final Path DEMO_DIR = Path.of("..", "realms", "demo");

    static final String BRENT_BASE = "DC=brent,DC=gov,DC=uk";
    static final String LEWISHAM_BASE = "DC=lewisham,DC=gov,DC=uk";

    private DemoCouncils() {
    }

    static Stream<String> ids() {
        return Stream.of("brent", "lewisham", "southwark", "camden", "islington", "haringey");
    }

    static String baseDn(String councilId) {
        return "DC=" + councilId + ",DC=gov,DC=uk";
    }

    static Path ldif(String councilId) {
        return DEMO_DIR.resolve(councilId + ".ldif");
    }

    static CouncilDirectory start(String councilId) {
        return CouncilDirectory.builder(councilId, baseDn(councilId)).ldif(ldif(councilId)).start();
    }

    /** The pattern the LDIF headers and the README document: {@code <Council>!<sAMAccountName>1}. */
    static String password(String councilId, String samAccountName) {
        return councilId.substring(0, 1).toUpperCase(Locale.ROOT) + councilId.substring(1) + "!" + samAccountName + "1";
    }

    static LDAPConnection connectAsService(CouncilDirectory directory) throws LDAPException {
        return new LDAPConnection("127.0.0.1", directory.port(), directory.bindDn(), directory.bindPassword());
    }
}
