package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;

import java.util.List;

/**
 * The standard LDAP schema plus the Active Directory attribute types and object classes that a
 * council's users and groups carry.
 *
 * <p>Why a schema at all: the in-memory server refuses equality indexes without one, and without
 * indexes every lookup scans the whole directory (see the shared notes). It also means a typo in a
 * demo LDIF is caught at start-up instead of silently producing a user Keycloak cannot map.
 *
 * <p>OIDs are Microsoft's real ones (1.2.840.113556.*), so tools that look at the schema see what a
 * domain controller would publish. Syntaxes are the nearest RFC 4517 ones: AD "Large Integer"
 * (accountExpires, pwdLastSet, ...) is INTEGER, "Octet String" (objectGUID, objectSid) is OCTET STRING.
 * {@code memberOf} is an ordinary DN attribute here, not AD's read-only back link, because this
 * directory writes it itself (the server does not maintain it).
 */
final class AdSchema {

    private static final String DIRECTORY_STRING = "1.3.6.1.4.1.1466.115.121.1.15";
    private static final String OCTET_STRING = "1.3.6.1.4.1.1466.115.121.1.40";
    private static final String DN = "1.3.6.1.4.1.1466.115.121.1.12";
    private static final String INTEGER = "1.3.6.1.4.1.1466.115.121.1.27";
    private static final String GENERALIZED_TIME = "1.3.6.1.4.1.1466.115.121.1.24";
    private static final String INTEGER_MATCHING = "EQUALITY integerMatch ORDERING integerOrderingMatch";
    private static final String BOOLEAN = "1.3.6.1.4.1.1466.115.121.1.7";

    private static final List<String> ATTRIBUTE_TYPES = List.of(
            string("1.2.840.113556.1.4.221", "sAMAccountName", true),
            string("1.2.840.113556.1.4.656", "userPrincipalName", true),
            octets("1.2.840.113556.1.4.2", "objectGUID"),
            octets("1.2.840.113556.1.4.146", "objectSid"),
            dn("1.2.840.113556.1.2.102", "memberOf", false),
            dn("1.2.840.113556.1.4.653", "managedBy", true),
            dn("1.2.840.113556.1.4.782", "objectCategory", true),
            integer("1.2.840.113556.1.4.8", "userAccountControl"),
            integer("1.2.840.113556.1.4.159", "accountExpires"),
            integer("1.2.840.113556.1.4.96", "pwdLastSet"),
            integer("1.2.840.113556.1.4.662", "lockoutTime"),
            integer("1.2.840.113556.1.4.12", "badPwdCount"),
            integer("1.2.840.113556.1.4.169", "logonCount"),
            integer("1.2.840.113556.1.4.52", "lastLogon"),
            integer("1.2.840.113556.1.4.1696", "lastLogonTimestamp"),
            integer("1.2.840.113556.1.4.98", "primaryGroupID"),
            integer("1.2.840.113556.1.4.302", "sAMAccountType"),
            integer("1.2.840.113556.1.4.750", "groupType"),
            time("1.2.840.113556.1.2.2", "whenCreated"),
            time("1.2.840.113556.1.2.3", "whenChanged"),
            string("1.2.840.113556.1.2.141", "department", true),
            string("1.2.840.113556.1.2.146", "company", true),
            string("1.2.840.113556.1.4.35", "employeeID", true),
            string("1.2.840.113556.1.2.256", "streetAddress", true),
            string("1.2.840.113556.1.2.447", "mailNickname", true),
            string("1.2.840.113556.1.2.210", "proxyAddresses", false),
            octets("1.2.840.113556.1.2.115", "invocationId"),
            // Change tracking (decision 0028). Operational here, so that every entry may carry them
            // whatever its class (AD allows them on "top"); AD returns them with "*" as well.
            operational("1.2.840.113556.1.2.19", "uSNCreated", INTEGER_MATCHING, INTEGER),
            operational("1.2.840.113556.1.2.120", "uSNChanged", INTEGER_MATCHING, INTEGER),
            operational("1.2.840.113556.1.2.48", "isDeleted", "EQUALITY booleanMatch", BOOLEAN),
            operational("1.2.840.113556.1.4.781", "lastKnownParent", "EQUALITY distinguishedNameMatch", DN));

    private static final List<String> OBJECT_CLASSES = List.of(
            "( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL"
                    + " MAY ( sAMAccountName $ userPrincipalName $ objectGUID $ objectSid $ objectCategory"
                    + " $ memberOf $ userAccountControl $ accountExpires $ pwdLastSet $ lockoutTime"
                    + " $ badPwdCount $ logonCount $ lastLogon $ lastLogonTimestamp $ primaryGroupID"
                    + " $ sAMAccountType $ whenCreated $ whenChanged $ department $ company $ employeeID"
                    + " $ employeeNumber $ employeeType $ streetAddress $ mailNickname $ proxyAddresses"
                    + " $ mail $ displayName $ givenName $ initials $ manager $ mobile $ homePhone $ pager"
                    + " $ co $ c $ info $ uid $ jpegPhoto )"
                    + " X-ORIGIN 'Microsoft Active Directory' )",
            "( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST cn"
                    + " MAY ( member $ sAMAccountName $ groupType $ description $ objectGUID $ objectSid"
                    + " $ objectCategory $ sAMAccountType $ mail $ memberOf $ managedBy $ displayName"
                    + " $ info $ mailNickname $ proxyAddresses $ whenCreated $ whenChanged )"
                    + " X-ORIGIN 'Microsoft Active Directory' )",
            // A domain controller's NTDS Settings object, which carries its invocationId.
            "( 1.2.840.113556.1.5.7000.47 NAME 'nTDSDSA' SUP top STRUCTURAL MUST cn"
                    + " MAY ( invocationId $ objectGUID $ description )"
                    + " X-ORIGIN 'Microsoft Active Directory' )",
            // Not in the standard schema; AD uses it for CN=Users, CN=Computers and the like.
            "( 1.2.840.113556.1.3.23 NAME 'container' SUP top STRUCTURAL MUST cn"
                    + " MAY ( description $ objectGUID $ whenCreated $ whenChanged )"
                    + " X-ORIGIN 'Microsoft Active Directory' )");

    /** Built once: parsing the standard schema costs tens of milliseconds and the result is immutable. */
    private static final Schema SCHEMA = build();

    private AdSchema() {
    }

    static Schema schema() {
        return SCHEMA;
    }

    private static Schema build() {
        try {
            Entry adSchemaEntry = new Entry("cn=schema",
                    new Attribute("objectClass", "top", "ldapSubentry", "subschema"),
                    new Attribute(Schema.ATTR_ATTRIBUTE_TYPE, ATTRIBUTE_TYPES),
                    new Attribute(Schema.ATTR_OBJECT_CLASS, OBJECT_CLASSES));
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(adSchemaEntry));
        } catch (LDAPException e) {
            throw new IllegalStateException("The built-in Active Directory schema is invalid: " + e.getMessage(), e);
        }
    }

    // AD compares names, UPNs, departments... case-insensitively.
    private static String string(String oid, String name, boolean singleValued) {
        return type(oid, name, "EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch", DIRECTORY_STRING,
                singleValued);
    }

    private static String octets(String oid, String name) {
        return type(oid, name, "EQUALITY octetStringMatch", OCTET_STRING, true);
    }

    private static String dn(String oid, String name, boolean singleValued) {
        return type(oid, name, "EQUALITY distinguishedNameMatch", DN, singleValued);
    }

    /** With ORDERING, so that range filters such as {@code (uSNChanged>=4711)} work, as on AD. */
    private static String integer(String oid, String name) {
        return type(oid, name, INTEGER_MATCHING, INTEGER, true);
    }

    private static String operational(String oid, String name, String matching, String syntax) {
        return "( " + oid + " NAME '" + name + "' " + matching + " SYNTAX " + syntax
                + " SINGLE-VALUE USAGE directoryOperation X-ORIGIN 'Microsoft Active Directory' )";
    }

    private static String time(String oid, String name) {
        return type(oid, name, "EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch",
                GENERALIZED_TIME, true);
    }

    private static String type(String oid, String name, String matching, String syntax, boolean singleValued) {
        return "( " + oid + " NAME '" + name + "' " + matching + " SYNTAX " + syntax
                + (singleValued ? " SINGLE-VALUE" : "") + " X-ORIGIN 'Microsoft Active Directory' )";
    }
}
