package uk.boroughbroker.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
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

    private final String councilId;
    private final DirectoryLayout layout;
    private final String bindPassword;
    private final InMemoryDirectoryServer server;
    private final DirectoryEntries entries;
    private final OperationCounter operations;
    private final ResponseDelay delay;
    private final int port;
    private final ChangeTracking changeTracking;
    private final AtomicBoolean closed = new AtomicBoolean();

    CouncilDirectory(String councilId, DirectoryLayout layout, String bindPassword, InMemoryDirectoryServer server,
                     OperationCounter operations, ResponseDelay delay, ChangeTracking changeTracking) {
        this.councilId = councilId;
        this.layout = layout;
        this.bindPassword = bindPassword;
        this.server = server;
        this.entries = new DirectoryEntries(councilId, layout, server, changeTracking.sequence());
        this.operations = operations;
        this.delay = delay;
        this.port = server.getListenPort();
        this.changeTracking = changeTracking;
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
        return entries.userCount();
    }

    /**
     * Adds {@code memberDn} (a user or a group) to the group's {@code member} and the group to the
     * member's {@code memberOf}, as a domain controller would. Adding an existing member changes nothing.
     *
     * @throws IllegalArgumentException if either entry does not exist or the first is not a group
     */
    public void addMember(String groupDn, String memberDn) {
        entries.addMember(groupDn, memberDn);
    }

    /**
     * Removes {@code memberDn} from the group's {@code member} and the group from the member's
     * {@code memberOf}. Removing a non-member changes nothing.
     *
     * @throws IllegalArgumentException if either entry does not exist or the first is not a group
     */
    public void removeMember(String groupDn, String memberDn) {
        entries.removeMember(groupDn, memberDn);
    }

    /** For example 514 (disabled) or 512 (enabled). */
    public void setUserAccountControl(String userDn, int value) {
        entries.replace(userDn, "userAccountControl", Integer.toString(value));
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
    public String addPerson(String rdnName, Map<String, Object> attributes) {
        return entries.addPerson(rdnName, attributes);
    }

    /** Deletes an entry, as a leaver's account is deleted in AD: it lives on as a tombstone (decision 0028). */
    public void delete(String dn) {
        entries.delete(dn);
    }

    /** USNs, invocationId, tombstones and who may read them: what a change reader follows (decision 0028). */
    public ChangeTracking changeTracking() {
        return changeTracking;
    }

    /** Replaces an attribute's values on an existing entry (no values: removes the attribute). */
    public void replace(String dn, String attribute, String... values) {
        entries.replace(dn, attribute, values);
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

    /** Collects the settings; {@link #start()} checks the LDIF and starts listening. */
    public static final class Builder {

        private final String councilId;
        private final DirectoryLayout layout;
        private final List<LdifSource> ldifSources = new ArrayList<>();
        private int generatedUsers;
        private String generatedUserPassword;
        private int port;
        private String bindPassword;
        private UUID invocationId = UUID.randomUUID();

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
            this.generatedUserPassword = DirectoryStart.requireNonBlank(password, "generatedUserPassword");
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
            this.bindPassword = DirectoryStart.requireNonBlank(password, "bindPassword");
            return this;
        }

        /**
         * The DC's invocationId; by default a random one per start, because every start loads a new
         * copy of the database whose USNs restart. Another one shows a DC the broker has no watermark for.
         */
        public Builder invocationId(UUID id) {
            this.invocationId = Objects.requireNonNull(id, "invocationId");
            return this;
        }

        /**
         * Loads the entries and starts listening on 127.0.0.1.
         *
         * @throws DirectoryStartException if an LDIF source is wrong or the port is taken; the message says
         *                                 which and where
         */
        public CouncilDirectory start() {
            return DirectoryStart.start(councilId, layout, ldifSources, generatedUsers, generatedUserPassword,
                    bindPassword, port, invocationId);
        }
    }
}
