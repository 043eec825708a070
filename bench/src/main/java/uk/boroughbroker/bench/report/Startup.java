package uk.boroughbroker.bench.report;

/**
 * How long the environment took to come up, and Keycloak's memory once it had: what grows with the
 * number of councils (federations) before any load.
 *
 * @param councils              councils, i.e. federations in each realm
 * @param generatedCouncils     generated councils ({@code --councils N}) rather than the demo's six
 * @param directoriesSeconds    the councils' directories loaded and listening
 * @param keycloakStartSeconds  Keycloak from launch to ready, empty database
 * @param keycloakRebuilt       whether that start included {@code kc.sh build} (then not comparable)
 * @param brokerRealmSeconds    the broker realm applied (realm file, N federations, policy)
 * @param stockRealmSeconds     the stock realm created (N ldap federations with their mappers)
 * @param keycloakRssMiB        Keycloak's resident memory once both realms were applied; null without /proc
 * @param restartSeconds        Keycloak restarted with both realms in its database, launch to ready;
 *                              null when not measured (only scale runs restart)
 * @param keycloakRssAfterRestartMiB its resident memory right after that restart
 */
public record Startup(int councils, boolean generatedCouncils, double directoriesSeconds, double keycloakStartSeconds,
        boolean keycloakRebuilt, double brokerRealmSeconds, double stockRealmSeconds, Long keycloakRssMiB,
        Double restartSeconds, Long keycloakRssAfterRestartMiB) {
}
