/**
 * Each council's Active Directory as a Keycloak user federation ({@code borough-council-directory}).
 *
 * <p>Routing: a typed name reaches only the council it names ({@link CouncilRouting},
 * {@code CouncilUsername}). Identity: a broker user is council + {@code objectGUID}, named only in
 * the council's own domains ({@code BrokerNames}, {@code DirectoryImport}, decisions 0005 and 0015).
 * Resilience: per council the pools over the DCs in failover order ({@code DirectoryPools}), and
 * every call guarded by a circuit breaker, the council's own workers, one deadline per request and
 * background probes ({@code DirectoryGuard}, {@code Deadline}, {@code DirectoryWorkers}); the
 * questions asked are {@code CouncilConnection}'s (decisions 0008, 0014, 0018, 0019). What happened
 * is told to the login steps through {@link DirectoryOutcome}; admins see each council's health
 * through {@code borough-councils}, monitoring through the council's meters on {@code /metrics}
 * ({@code DirectoryMeters}, decision 0026).
 *
 * <p>Lifecycle: each council's directory followed in the background for joiners, movers and
 * leavers ({@code SyncSchedule} on the council's own thread, {@code SyncRunner} one node at a time;
 * {@code CouncilSync} lists everyone, {@code CouncilChanges} applies what {@code DirectoryChanges}
 * read since a DC's watermark ({@code SyncWatermarks}); leavers' sessions end through
 * {@code LeaverSessions}; decisions 0028 and 0030). A council that leaves the shared service is
 * retired through {@code CouncilDeparture}: its federation disabled, its people disabled as leavers
 * (decision 0031).
 *
 * <p>Names no other feature package: what others do after a directory read (council roles) they do
 * as listeners to the {@link DirectoryUserRead} event it publishes (decision 0019).
 */
package uk.boroughbroker.keycloak.directory;
