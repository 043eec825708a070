package uk.boroughbroker.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;

import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;

/**
 * Starts a council's in-memory server shaped like a domain controller (AD schema and indexes,
 * referential integrity, AD's bind refusals) with its checked entries, listening on 127.0.0.1:
 * the work behind {@link CouncilDirectory.Builder#start()}.
 */
final class DirectoryStart {

    /**
     * Attributes a domain controller indexes for the lookups Keycloak makes (user by name, UPN, GUID or
     * mail; groups by member). Without them each lookup scans every entry.
     */
    private static final String[] EQUALITY_INDEXES = {
            "objectClass", "sAMAccountName", "userPrincipalName", "objectGUID", "member", "memberOf", "mail"};

    /** Like AD: deleting or renaming an entry fixes the DN-valued links to it. */
    private static final String[] REFERENTIAL_INTEGRITY = {"member", "memberOf", "manager", "managedBy"};

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_PASSWORD_LENGTH = 24;

    private final String councilId;
    private final DirectoryLayout layout;
    private final int port;

    private DirectoryStart(String councilId, DirectoryLayout layout, int port) {
        this.councilId = councilId;
        this.layout = layout;
        this.port = port;
    }

    /**
     * @param port 0 to let the operating system choose
     * @throws DirectoryStartException if the server cannot be configured, loaded or bound to the port
     */
    static CouncilDirectory start(String councilId, DirectoryLayout layout, List<LdifSource> ldifSources,
                                  int generatedUsers, String generatedUserPassword, String bindPassword, int port,
                                  UUID invocationId) {
        if (generatedUsers > 0 && generatedUserPassword == null) {
            throw new IllegalStateException("Council " + councilId + " asks for " + generatedUsers
                    + " generated users but no generatedUserPassword");
        }
        String password = bindPassword != null ? bindPassword : randomPassword();
        List<Entry> entries = DirectoryContent.assemble(councilId, layout, ldifSources,
                generatedUsers, generatedUserPassword, password, invocationId);
        return new DirectoryStart(councilId, layout, port).start(entries, password, new UpdateSequence(invocationId));
    }

    static String requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** The service account's password when none is given: 24 characters, none easily confused. */
    private static String randomPassword() {
        StringBuilder password = new StringBuilder(GENERATED_PASSWORD_LENGTH);
        for (int i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private CouncilDirectory start(List<Entry> entries, String bindPassword, UpdateSequence sequence) {
        OperationCounter counter = new OperationCounter();
        ResponseDelay delay = new ResponseDelay();
        DisabledAccountBindGuard bindGuard = new DisabledAccountBindGuard();
        String deletedObjectsDn = DomainControllerEntries.deletedObjectsDn(layout);
        ChangeStamps stamps = new ChangeStamps(sequence, layout.baseDn(),
                DomainControllerEntries.ntdsSettingsDn(councilId, layout), deletedObjectsDn);
        // Who may read CN=Deleted Objects: the broker's account, as decision 0028 asks councils to grant.
        DeletedObjectsAccess deletedObjects = new DeletedObjectsAccess(deletedObjectsDn, layout.bindDn());
        InMemoryDirectoryServer server;
        try {
            server = new InMemoryDirectoryServer(config(new ClientRequests(counter, delay), bindGuard,
                    deletedObjects, stamps));
            server.addEntries(stamped(entries, sequence));
        } catch (LDAPException e) {
            throw new DirectoryStartException("Cannot load the " + councilId + " directory: " + e.getMessage(), e);
        }
        bindGuard.attach(server);
        stamps.attach(server);
        try {
            server.startListening();
        } catch (LDAPException e) {
            server.shutDown(true);
            throw listenFailure(e);
        }
        ChangeTracking changeTracking = new ChangeTracking(sequence,
                DomainControllerEntries.ntdsSettingsDn(councilId, layout), deletedObjectsDn, deletedObjects);
        return new CouncilDirectory(councilId, layout, bindPassword, server, counter, delay, changeTracking);
    }

    /** Every entry created with its own USN, in load order, as a DC's provisioning and imports do. */
    private static List<Entry> stamped(List<Entry> entries, UpdateSequence sequence) {
        for (Entry entry : entries) {
            long usn = sequence.begin();
            entry.setAttribute("uSNCreated", Long.toString(usn));
            entry.setAttribute("uSNChanged", Long.toString(usn));
            sequence.end(usn);
        }
        return entries;
    }

    private InMemoryDirectoryServerConfig config(ClientRequests clientRequests, DisabledAccountBindGuard bindGuard,
                                                 DeletedObjectsAccess deletedObjects, ChangeStamps stamps) {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(layout.baseDn());
            config.setSchema(AdSchema.schema());
            config.setEqualityIndexAttributes(EQUALITY_INDEXES);
            config.setReferentialIntegrityAttributes(REFERENTIAL_INTEGRITY);
            config.setPasswordEncoders(new SaltedSha256PasswordEncoder());
            // A domain controller does not let anonymous clients change anything.
            config.setAuthenticationRequiredOperationTypes(OperationType.ADD, OperationType.DELETE,
                    OperationType.MODIFY, OperationType.MODIFY_DN);
            // First, so refused binds are counted (and held) too.
            config.addInMemoryOperationInterceptor(clientRequests);
            config.addInMemoryOperationInterceptor(bindGuard);
            // AND filters evaluated most selective index first, as AD's optimiser does (see SearchPlanner).
            config.addInMemoryOperationInterceptor(new SearchPlanner(EQUALITY_INDEXES));
            config.addInMemoryOperationInterceptor(deletedObjects);
            // Last: its result phase then always follows its request phase (see ChangeStamps).
            config.addInMemoryOperationInterceptor(stamps);
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
}
