package uk.boroughbroker.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.SearchScope;

import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One council's Active Directory stand-in: an UnboundID in-memory LDAP server shaped like a domain
 * controller (AD schema and indexes, objectGUID, memberOf, userAccountControl), listening on loopback.
 *
 * <p>Layout, the same for every council: people in {@code OU=Staff}, groups in {@code OU=Groups}, and
 * the service account Keycloak binds as in {@code OU=Service Accounts}. The LDIF given to the builder
 * holds only people and groups; the directory creates the rest itself and refuses an LDIF that
 * contains any of it.
 *
 * <pre>{@code
 * try (CouncilDirectory brent = CouncilDirectory.builder("brent", "DC=brent,DC=gov,DC=uk")
 *         .ldif(Path.of("realms", "demo", "brent.ldif"))
 *         .start()) {
 *     // point Keycloak at brent.url(), brent.bindDn(), brent.bindPassword(), brent.usersDn()
 * }
 * }</pre>
 */
public final class CouncilDirectory implements AutoCloseable {

    /**
     * Attributes a domain controller indexes for the lookups Keycloak makes (user by name, UPN, GUID or
     * mail; groups by member). Without them each lookup scans every entry.
     */
    private static final String[] EQUALITY_INDEXES = {
            "objectClass", "sAMAccountName", "userPrincipalName", "objectGUID", "member", "memberOf", "mail"};

    /** Like AD: deleting or renaming an entry fixes the DN-valued links to it. */
    private static final String[] REFERENTIAL_INTEGRITY = {"member", "memberOf", "manager", "managedBy"};

    private final String councilId;
    private final DirectoryLayout layout;
    private final String bindPassword;
    private final InMemoryDirectoryServer server;
    private final OperationCounter operations;
    private final ResponseDelay delay;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CouncilDirectory(String councilId, DirectoryLayout layout, String bindPassword,
                             InMemoryDirectoryServer server, OperationCounter operations, ResponseDelay delay) {
        this.councilId = councilId;
        this.layout = layout;
        this.bindPassword = bindPassword;
        this.server = server;
        this.operations = operations;
        this.delay = delay;
        this.port = server.getListenPort();
    }

    /**
     * @param councilId short lower-case id such as {@code brent}; used in messages and to derive stable
     *                  objectGUIDs
     * @param baseDn    the domain's DN, such as {@code DC=brent,DC=gov,DC=uk}
     */
    public static Builder builder(String councilId, String baseDn) {
        return new Builder(councilId, baseDn);
    }

    public String councilId() {
        return councilId;
    }

    /** {@code ldap://127.0.0.1:<port>} */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String baseDn() {
        return layout.baseDn();
    }

    public String usersDn() {
        return layout.usersDn();
    }

    public String groupsDn() {
        return layout.groupsDn();
    }

    /** The service account the directory creates for Keycloak's LDAP provider. */
    public String bindDn() {
        return layout.bindDn();
    }

    public String bindPassword() {
        return bindPassword;
    }

    /** Person entries anywhere under {@link #usersDn()}, generated ones included. */
    public int userCount() {
        try {
            return server.search(usersDn(), SearchScope.SUB, "(objectClass=person)", "1.1").getEntryCount();
        } catch (LDAPException e) {
            throw failure("count the users", e);
        }
    }

    /**
     * Adds {@code memberDn} (a user or a group) to the group's {@code member} and the group to the
     * member's {@code memberOf}, as a domain controller would. Adding an existing member changes nothing.
     *
     * @throws IllegalArgumentException if either entry does not exist or the first is not a group
     */
    public synchronized void addMember(String groupDn, String memberDn) {
        Entry group = existingGroup(groupDn);
        Entry member = existing(memberDn);
        if (group.hasAttributeValue("member", member.getDN())) {
            return;
        }
        modify(group.getDN(), new Modification(ModificationType.ADD, "member", member.getDN()));
        modify(member.getDN(), new Modification(ModificationType.ADD, "memberOf", group.getDN()));
    }

    /**
     * Removes {@code memberDn} from the group's {@code member} and the group from the member's
     * {@code memberOf}. Removing a non-member changes nothing.
     *
     * @throws IllegalArgumentException if either entry does not exist or the first is not a group
     */
    public synchronized void removeMember(String groupDn, String memberDn) {
        Entry group = existingGroup(groupDn);
        Entry member = existing(memberDn);
        if (group.hasAttributeValue("member", member.getDN())) {
            modify(group.getDN(), new Modification(ModificationType.DELETE, "member", member.getDN()));
        }
        if (member.hasAttributeValue("memberOf", group.getDN())) {
            modify(member.getDN(), new Modification(ModificationType.DELETE, "memberOf", group.getDN()));
        }
    }

    /** For example 514 (disabled) or 512 (enabled). */
    public synchronized void setUserAccountControl(String userDn, int value) {
        Entry user = existing(userDn);
        modify(user.getDN(), new Modification(ModificationType.REPLACE, "userAccountControl", Integer.toString(value)));
    }

    /**
     * Adds a person as an AD administrator would (or as a hostile one could): the attributes exactly as
     * given, with {@code objectClass} user, a clear-text {@code userPassword} stored hashed, and nothing
     * filled in. Give {@code objectGUID} (16 bytes) to make the entry a person the broker can sign in;
     * leave it out to see how an entry without one is treated.
     *
     * @param rdnName  the CN under the users container
     * @param attributes attribute name to value; {@code objectGUID} as {@code byte[]}, others as strings
     * @return the new entry's DN
     * @throws IllegalStateException if the directory refuses the entry (it exists, schema violation)
     */
    public synchronized String addPerson(String rdnName, java.util.Map<String, Object> attributes) {
        String dn;
        try {
            dn = new com.unboundid.ldap.sdk.DN(new com.unboundid.ldap.sdk.RDN("CN", rdnName),
                    new com.unboundid.ldap.sdk.DN(usersDn())).toString();
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Cannot name an entry CN=" + rdnName + ": " + e.getMessage(), e);
        }
        Entry entry = new Entry(dn);
        entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
        entry.addAttribute("cn", rdnName);
        attributes.forEach((name, value) -> {
            if (value instanceof byte[] bytes) {
                entry.addAttribute(name, bytes);
            } else {
                entry.addAttribute(name, String.valueOf(value));
            }
        });
        try {
            server.add(entry);
        } catch (LDAPException e) {
            throw failure("add " + dn, e);
        }
        return dn;
    }

    /** Deletes an entry, as a leaver's account is deleted in AD. */
    public synchronized void delete(String dn) {
        existing(dn);
        try {
            server.delete(dn);
        } catch (LDAPException e) {
            throw failure("delete " + dn, e);
        }
    }

    /** Replaces an attribute's values on an existing entry (no values: removes the attribute). */
    public synchronized void replace(String dn, String attribute, String... values) {
        existing(dn);
        modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
    }

    /**
     * LDAP requests received from clients since start (binds, searches, modifications, ...). The
     * directory's own work, such as {@link #addMember}, is not counted.
     */
    public long operationCount() {
        return operations.count();
    }

    /** Simple binds received since start (the broker's service account's and people's alike). */
    public long bindCount() {
        return operations.binds();
    }

    /**
     * Makes the directory answer slowly, like an overloaded or distant domain controller: every LDAP
     * request a client sends is held this long before it is processed (the directory's own work is
     * not). Takes effect at once, for requests already waiting too, so clearing it with
     * {@link Duration#ZERO} (the default) releases them. Settable at any time from any thread.
     *
     * @throws IllegalArgumentException if the delay is null, negative or over 10 minutes
     */
    public void responseDelay(Duration responseDelay) {
        delay.set(responseDelay);
    }

    /** The delay set with {@link #responseDelay(Duration)}; zero by default. */
    public Duration responseDelay() {
        return delay.get();
    }

    /** Stops listening and drops client connections. Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            delay.set(Duration.ZERO); // release held requests, so their threads end with the server
            server.shutDown(true);
        }
    }

    @Override
    public String toString() {
        return "CouncilDirectory[" + councilId + " " + baseDn() + " at " + url() + "]";
    }

    private Entry existing(String dn) {
        Objects.requireNonNull(dn, "dn");
        Entry entry;
        try {
            entry = server.getEntry(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("'" + dn + "' is not a valid DN: " + e.getMessage(), e);
        }
        if (entry == null) {
            throw new IllegalArgumentException("There is no entry " + dn + " in the " + councilId + " directory");
        }
        return entry;
    }

    private Entry existingGroup(String dn) {
        Entry entry = existing(dn);
        if (!entry.hasObjectClass("group")) {
            throw new IllegalArgumentException(dn + " in the " + councilId + " directory is not a group");
        }
        return entry;
    }

    private void modify(String dn, Modification modification) {
        try {
            server.modify(dn, modification);
        } catch (LDAPException e) {
            throw failure("modify " + dn, e);
        }
    }

    private IllegalStateException failure(String what, LDAPException e) {
        return new IllegalStateException("Cannot " + what + " in the " + councilId + " directory: "
                + e.getMessage(), e);
    }

    /** Collects the settings; {@link #start()} checks the LDIF and starts listening. */
    public static final class Builder {

        private static final SecureRandom RANDOM = new SecureRandom();
        private static final String PASSWORD_ALPHABET =
                "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        private static final int GENERATED_PASSWORD_LENGTH = 24;

        private final String councilId;
        private final DirectoryLayout layout;
        private final List<LdifSource> ldifSources = new ArrayList<>();
        private int generatedUsers;
        private String generatedUserPassword;
        private int port;
        private String bindPassword;

        private Builder(String councilId, String baseDn) {
            if (councilId == null || councilId.isBlank()) {
                throw new IllegalArgumentException("A council id is required");
            }
            Objects.requireNonNull(baseDn, "baseDn");
            this.councilId = councilId;
            this.layout = DirectoryLayout.of(councilId, baseDn);
        }

        /** Adds the users and groups in an LDIF file (full DNs). May be called several times. */
        public Builder ldif(Path ldifFile) {
            ldifSources.add(LdifSource.of(Objects.requireNonNull(ldifFile, "ldifFile")));
            return this;
        }

        /**
         * Adds the users and groups in LDIF read from {@code ldif} (read now, not closed: the caller
         * owns the stream). {@code sourceName} is how error messages refer to it.
         */
        public Builder ldif(InputStream ldif, String sourceName) {
            Objects.requireNonNull(ldif, "ldif");
            Objects.requireNonNull(sourceName, "sourceName");
            ldifSources.add(LdifSource.of(LdifSource.readStream(ldif, sourceName), sourceName));
            return this;
        }

        /** Extra synthetic users {@code loaduser00001...} for load tests; 0 by default. */
        public Builder generatedUsers(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("generatedUsers must not be negative, got " + count);
            }
            this.generatedUsers = count;
            return this;
        }

        /** The password every generated user gets; required when {@link #generatedUsers(int)} is above 0. */
        public Builder generatedUserPassword(String password) {
            this.generatedUserPassword = requireNonBlank(password, "generatedUserPassword");
            return this;
        }

        /** The port to listen on; 0 (the default) lets the operating system choose a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The service account's password; by default a random 24-character one. */
        public Builder bindPassword(String password) {
            this.bindPassword = requireNonBlank(password, "bindPassword");
            return this;
        }

        /**
         * Loads the entries and starts listening on 127.0.0.1.
         *
         * @throws DirectoryStartException if an LDIF source is wrong or the port is taken; the message says
         *                                 which and where
         */
        public CouncilDirectory start() {
            if (generatedUsers > 0 && generatedUserPassword == null) {
                throw new IllegalStateException("Council " + councilId + " asks for " + generatedUsers
                        + " generated users but no generatedUserPassword");
            }
            String password = bindPassword != null ? bindPassword : randomPassword();
            List<Entry> entries = DirectoryContent.assemble(councilId, layout, ldifSources,
                    generatedUsers, generatedUserPassword, password);

            OperationCounter counter = new OperationCounter();
            DisabledAccountBindGuard bindGuard = new DisabledAccountBindGuard();
            ResponseDelay delay = new ResponseDelay();
            InMemoryDirectoryServer server;
            try {
                server = new InMemoryDirectoryServer(config(counter, bindGuard, delay));
                server.addEntries(entries);
            } catch (LDAPException e) {
                throw new DirectoryStartException("Cannot load the " + councilId + " directory: " + e.getMessage(), e);
            }
            bindGuard.attach(server);
            try {
                server.startListening();
            } catch (LDAPException e) {
                server.shutDown(true);
                throw listenFailure(e);
            }
            return new CouncilDirectory(councilId, layout, password, server, counter, delay);
        }

        private InMemoryDirectoryServerConfig config(OperationCounter counter, DisabledAccountBindGuard bindGuard,
                ResponseDelay delay) {
            try {
                InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(layout.baseDn());
                config.setSchema(AdSchema.schema());
                config.setEqualityIndexAttributes(EQUALITY_INDEXES);
                config.setReferentialIntegrityAttributes(REFERENTIAL_INTEGRITY);
                config.setPasswordEncoders(new SaltedSha256PasswordEncoder());
                // A domain controller does not let anonymous clients change anything.
                config.setAuthenticationRequiredOperationTypes(OperationType.ADD, OperationType.DELETE,
                        OperationType.MODIFY, OperationType.MODIFY_DN);
                config.addInMemoryOperationInterceptor(counter); // first, so refused binds are counted too
                // Counted on arrival, then held, then answered: refused binds are slow too.
                config.addInMemoryOperationInterceptor(delay);
                config.addInMemoryOperationInterceptor(bindGuard);
                // AND filters evaluated most selective index first, as AD's optimiser does (see SearchPlanner).
                config.addInMemoryOperationInterceptor(new SearchPlanner(EQUALITY_INDEXES));
                config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", loopback(), port, null));
                return config;
            } catch (LDAPException e) {
                throw new DirectoryStartException("Cannot configure the " + councilId + " directory: " + e.getMessage(), e);
            }
        }

        private DirectoryStartException listenFailure(LDAPException e) {
            // The listener reports the BindException only in its message text, not as the cause.
            boolean inUse = String.valueOf(e.getMessage()).contains(BindException.class.getSimpleName());
            for (Throwable cause = e; cause != null && !inUse; cause = cause.getCause()) {
                inUse = cause instanceof BindException;
            }
            if (inUse) {
                return new DirectoryStartException("Port " + port + " is already in use; choose another port"
                        + " for council " + councilId, e);
            }
            return new DirectoryStartException("Cannot listen on 127.0.0.1:" + port + " for council " + councilId
                    + ": " + e.getMessage(), e);
        }

        /**
         * 127.0.0.1 explicitly: {@link InetAddress#getLoopbackAddress()} is ::1 when the JVM prefers IPv6,
         * and {@link CouncilDirectory#url()} promises 127.0.0.1. Loopback only, so the demo directories are never
         * reachable from the network.
         */
        private static InetAddress loopback() {
            try {
                return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // only thrown for a wrong-length address
            }
        }

        private static String randomPassword() {
            StringBuilder password = new StringBuilder(GENERATED_PASSWORD_LENGTH);
            for (int i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
                password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
            }
            return password.toString();
        }

        private static String requireNonBlank(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
