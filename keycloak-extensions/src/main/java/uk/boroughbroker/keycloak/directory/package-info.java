/**
 * Each council's Active Directory as a Keycloak user federation ({@code borough-council-directory}).
 *
 * <p>Routing: a typed name reaches only the council it names ({@link CouncilRouting},
 * {@code CouncilUsername}). Identity: a broker user is council + {@code objectGUID}, named only in
 * the council's own domains ({@code BrokerNames}, {@code DirectoryImport}, decisions 0005 and 0015).
 * Resilience: per council a pool over the DCs in failover order, a circuit breaker, background
 * probes and one deadline per request ({@code CouncilConnection}, {@code Deadline},
 * {@code DirectoryWorkers}, decisions 0008, 0014, 0018). What happened is told to the login steps
 * through {@link DirectoryOutcome}; admins see each council's health through
 * {@code borough-councils}.
 */
package uk.boroughbroker.keycloak.directory;
