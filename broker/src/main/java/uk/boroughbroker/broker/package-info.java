/**
 * {@code ./broker.sh}: the launcher ({@code up}, {@code down}, {@code reset}: demo directories,
 * Keycloak as a child process, the realm applied) and the admin CLI ({@code councils}, {@code roles}),
 * decision 0007.
 */
package uk.boroughbroker.broker;
