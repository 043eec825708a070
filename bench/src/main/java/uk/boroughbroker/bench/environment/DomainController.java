package uk.boroughbroker.bench.environment;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.directory.DirectoryStartException;

/**
 * One domain controller of a council for the benchmark: a {@link CouncilDirectory} that can be
 * stopped, hung, slowed and restored on the same port, so both realms keep the same URLs and see the
 * fault exactly as they would see a real DC fail.
 *
 * <p>A restored DC is rebuilt from the same LDIF, generated users and service password: objectGUIDs
 * are derived from council and DN, so it is the same directory to its clients. Its request count
 * carries on from the stopped one's.
 */
public final class DomainController implements AutoCloseable {

    /** A stopped DC's port lingers briefly in the kernel; rebinding it is retried this long. */
    private static final Duration REBIND_WITHIN = Duration.ofSeconds(10);

    private final String councilId;
    private final String name;
    private final BenchCouncils.Directory content;
    private final int generatedUsers;
    private final String userPassword;
    private final int port;
    private final String bindPassword;
    private CouncilDirectory directory;
    private HungListener hung;
    private long countedByEarlierInstances;
    /** The delay it has when nothing is wrong (the network to the DC); restore() returns to it. */
    private Duration baseline = Duration.ZERO;

    private DomainController(BenchCouncils.Directory content, String name, int generatedUsers, String userPassword,
            CouncilDirectory directory) {
        this.councilId = content.councilId();
        this.name = name;
        this.content = content;
        this.generatedUsers = generatedUsers;
        this.userPassword = userPassword;
        this.directory = directory;
        this.port = directory.port();
        this.bindPassword = directory.bindPassword();
    }

    /**
     * @param bindPassword the service account's password, shared by a council's DCs (as in AD); null
     *                     for a random one
     */
    static DomainController start(BenchCouncils.Directory content, String name, int generatedUsers,
            String userPassword, String bindPassword) {
        CouncilDirectory.Builder builder = builder(content, generatedUsers, userPassword);
        if (bindPassword != null) {
            builder.bindPassword(bindPassword);
        }
        return new DomainController(content, name, generatedUsers, userPassword, builder.start());
    }

    private static CouncilDirectory.Builder builder(BenchCouncils.Directory content, int generatedUsers,
            String userPassword) {
        CouncilDirectory.Builder builder = CouncilDirectory.builder(content.councilId(), content.baseDn());
        if (content.ldif() != null) {
            builder.ldif(content.ldif());
        }
        if (generatedUsers > 0) {
            builder.generatedUsers(generatedUsers).generatedUserPassword(userPassword);
        }
        return builder;
    }

    public String councilId() {
        return councilId;
    }

    /** For example {@code southwark-dc1}. */
    public String name() {
        return name;
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    String bindPassword() {
        return bindPassword;
    }

    /** Changes an account's userAccountControl as the council's AD admin would (514 disables, 512 enables). */
    public synchronized void setUserAccountControl(String userDn, int value) {
        directory.setUserAccountControl(userDn, value);
    }

    /** Adds a person (or group) to a group as the council's AD admin would. */
    public synchronized void addMember(String groupDn, String memberDn) {
        directory.addMember(groupDn, memberDn);
    }

    /** LDAP requests received since the first start, across stops and restarts. */
    public synchronized long operationCount() {
        return countedByEarlierInstances + (directory == null ? 0 : directory.operationCount());
    }

    /** Stops the DC: connections refused until {@link #restore()}. */
    public synchronized void stop() {
        if (directory != null) {
            countedByEarlierInstances += directory.operationCount();
            directory.close();
            directory = null;
        }
    }

    /** Replaces the DC by a listener that accepts connections and never answers, until {@link #restore()}. */
    public synchronized void hang() {
        stop();
        if (hung == null) {
            hung = retryingBind(() -> HungListener.on(port));
        }
    }

    /** Every LDAP request held this long before it is answered; {@link Duration#ZERO} for none. */
    public synchronized void slow(Duration delay) {
        if (directory == null) {
            throw new IllegalStateException(name + " is not running; restore it before slowing it down");
        }
        directory.responseDelay(delay);
    }

    /** The delay every LDAP request gets when nothing is wrong, from now on (the network to the DC). */
    public synchronized void baseline(Duration delay) {
        baseline = delay;
        if (directory != null) {
            directory.responseDelay(delay);
        }
    }

    /** Back to normal: running on its port, at its baseline delay. Safe to call when nothing is wrong. */
    public synchronized void restore() {
        if (hung != null) {
            hung.close();
            hung = null;
        }
        if (directory == null) {
            directory = retryingBind(() -> builder(content, generatedUsers, userPassword)
                    .port(port).bindPassword(bindPassword).start());
        }
        directory.responseDelay(baseline);
    }

    private <T> T retryingBind(java.util.function.Supplier<T> bind) {
        long deadline = System.nanoTime() + REBIND_WITHIN.toNanos();
        while (true) {
            try {
                return bind.get();
            } catch (DirectoryStartException | UncheckedIOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot take port " + port + " back for " + name + " within "
                            + REBIND_WITHIN.toSeconds() + " s: " + e.getMessage(), e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (hung != null) {
            hung.close();
            hung = null;
        }
        stop();
    }

    @Override
    public String toString() {
        return name + " " + url();
    }
}
