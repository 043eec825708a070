package uk.boroughbroker.model.directory;

import java.util.List;

import uk.boroughbroker.model.directory.DirectorySetting.Kind;

/**
 * Every setting of a council directory (a {@code borough-council-directory} federation), declared
 * once. The federation's admin form, its validation and typed reader, the councils file's checks
 * and the federation the realm tooling writes all take key, label, default and bounds from here.
 */
public final class DirectorySettings {

    public static final DirectorySetting DISPLAY_NAME = DirectorySetting.text("displayName", "Council name",
            "How the council is named to its staff on the login page, such as London Borough of Brent.");
    public static final DirectorySetting UPN_SUFFIXES = DirectorySetting.text("upnSuffixes", "UPN suffixes",
            "The council's user principal name suffixes, such as brent.gov.uk. Staff sign in as user@suffix; "
                    + "the first is used when an account has no UPN. Each suffix belongs to one council only.")
            .as(Kind.LIST);
    public static final DirectorySetting EMAIL_DOMAINS = DirectorySetting.text("emailDomains", "Staff email domains",
            "Other email domains of this council's staff; sign-in by email searches only this council.").as(Kind.LIST);
    public static final DirectorySetting NETBIOS_NAME = DirectorySetting.text("netbiosName", "NetBIOS domain name",
            "The down-level domain name, such as BRENT, so that BRENT\\jsmith reaches this council.");
    public static final DirectorySetting CONNECTION_URLS = DirectorySetting.text("connectionUrls", "Domain controllers",
            "LDAP URLs of the council's domain controllers in failover order, such as ldaps://dc1.brent.local:636.")
            .as(Kind.LIST).inFileAs("urls");
    public static final DirectorySetting USERS_DN = DirectorySetting.text("usersDn", "Users DN",
            "Where staff accounts are, such as OU=Staff,DC=brent,DC=gov,DC=uk.");
    public static final DirectorySetting BIND_DN = DirectorySetting.text("bindDn", "Bind DN",
            "The broker's service account in this directory.");
    public static final DirectorySetting BIND_CREDENTIAL = DirectorySetting.text("bindCredential", "Bind credential",
            "The service account's password.").as(Kind.SECRET);
    public static final DirectorySetting CONNECT_TIMEOUT = DirectorySetting.number("connectTimeoutMillis",
            "Connect timeout (ms)", "How long to wait for a domain controller to accept a connection.",
            2_000, 100, 60_000);
    public static final DirectorySetting READ_TIMEOUT = DirectorySetting.number("readTimeoutMillis",
            "Read timeout (ms)", "How long to wait for any answer from a domain controller.", 5_000, 100, 60_000);
    /**
     * Default 5.5 s: staff hear within 6 s that their council's directory is unavailable (issue 11),
     * and a hung first DC still leaves the next one time to answer after the default read timeout.
     */
    public static final DirectorySetting DEADLINE = DirectorySetting.number("deadlineMillis",
            "Deadline per request (ms)", "The longest one sign-in waits for this directory, its searches, group "
                    + "reads and password check together, whatever the number of domain controllers: then its staff "
                    + "are told the directory is unavailable. Longer than the connect and read timeouts, so a hung "
                    + "first DC still leaves the next one time to answer.", 5_500, 500, 60_000);
    public static final DirectorySetting FAILURE_THRESHOLD = DirectorySetting.number("failureThreshold",
            "Failures before unavailable",
            "Consecutive failures to reach the directory before its staff are told it is unavailable.", 3, 1, 100);
    public static final DirectorySetting UNAVAILABLE_SECONDS = DirectorySetting.number("unavailableSeconds",
            "Seconds before retrying",
            "How long an unavailable directory is left alone before one request tries it again.", 30, 1, 3_600);
    public static final DirectorySetting GROUP_NESTING_DEPTH = DirectorySetting.number("groupNestingDepth",
            "Group nesting depth", "How many levels of groups inside groups are followed (0: direct memberships only).",
            10, 0, 50);
    public static final DirectorySetting MAX_CONNECTIONS = DirectorySetting.number("maxConnections",
            "Maximum connections", "Connections to this council's directory that the broker may keep open (per node).",
            10, 1, 200);
    public static final DirectorySetting START_TLS = DirectorySetting.flag("startTls", "StartTLS",
            "Upgrade ldap:// connections to TLS before binding (not needed with ldaps://).", false);
    public static final DirectorySetting ALLOW_PLAINTEXT = DirectorySetting.flag("allowPlaintext", "Allow plain LDAP",
            "Off (default): ldap:// without StartTLS is refused, because staff passwords would cross the network in "
                    + "clear. On only for a directory on loopback or an otherwise protected link.", false);
    public static final DirectorySetting TRUSTED_CERTIFICATES = DirectorySetting.text("trustedCertificates",
            "Council CA certificates (PEM)", "The CA that signed the domain controllers' certificates. Empty: the "
                    + "broker's trust store (truststore-paths). Certificates are always verified, host name included.")
            .as(Kind.PEM).inFileAs("caFile");
    public static final DirectorySetting GROUP_RESOLUTION = DirectorySetting.choice("groupResolution", "Nested groups",
            "auto: AD's in-chain matching rule where the directory is Active Directory, else the broker walks "
                    + "memberOf (bounded by the nesting depth); in-chain or walk to force one.",
            "auto", "in-chain", "walk");
    public static final DirectorySetting REVEAL_LOCKOUT = DirectorySetting.flag("revealLockout",
            "Tell staff their account is locked", "On: a person whose account AD has locked is told so. Off: they get "
                    + "'invalid username or password', as for a wrong password (AD reports a lockout whatever the "
                    + "password, so telling it confirms that the account exists).", true);

    /**
     * Default 15 s: a leaver loses every session within a minute of the change in AD (issue 14), with
     * time left for a pass that finds its directory slow.
     */
    public static final DirectorySetting SYNC_SECONDS = DirectorySetting.number("syncSeconds",
            "Sync every (s)", "How often the broker asks this directory what changed (joiners, movers, leavers). "
                    + "0 turns the background sync off: people are then read only when they sign in.", 15, 0, 3_600);

    /** Every setting, in the order the admin form shows them. */
    public static final List<DirectorySetting> ALL = List.of(DISPLAY_NAME, UPN_SUFFIXES, EMAIL_DOMAINS, NETBIOS_NAME,
            CONNECTION_URLS, USERS_DN, BIND_DN, BIND_CREDENTIAL, CONNECT_TIMEOUT, READ_TIMEOUT, DEADLINE,
            FAILURE_THRESHOLD, UNAVAILABLE_SECONDS, GROUP_NESTING_DEPTH, MAX_CONNECTIONS, START_TLS, ALLOW_PLAINTEXT,
            TRUSTED_CERTIFICATES, GROUP_RESOLUTION, REVEAL_LOCKOUT, SYNC_SECONDS);

    /**
     * The settings the councils file's {@code directory} block may set by value alone (numbers, flags,
     * choices), checked against their declared bounds; the others need more than one value checked.
     */
    public static final List<DirectorySetting> TUNING = ALL.stream()
            .filter(s -> s.kind() == Kind.NUMBER || s.kind() == Kind.FLAG || s.kind() == Kind.CHOICE).toList();

    private DirectorySettings() {
    }
}
