/**
 * {@code ./broker.sh up --cluster}: the production topology on one machine (decision 0024). A
 * throw-away PostgreSQL 15 cluster ({@link uk.boroughbroker.broker.cluster.PostgresServer}), two
 * Keycloak nodes built once with {@code docker/conf/keycloak.conf} and started {@code --optimized}
 * ({@link uk.boroughbroker.broker.cluster.KeycloakNode}), clustered with JDBC_PING on loopback, and
 * HAProxy terminating TLS with a generated test CA in front
 * ({@link uk.boroughbroker.broker.cluster.LoadBalancer},
 * {@link uk.boroughbroker.broker.cluster.TestCertificateAuthority}).
 * {@link uk.boroughbroker.broker.cluster.Cluster} starts and stops them in order.
 *
 * <p>Names nothing of the launcher's package: the launcher hands in a prepared Keycloak
 * installation and the bootstrap admin's environment, so the dependency goes one way.
 */
package uk.boroughbroker.broker.cluster;
