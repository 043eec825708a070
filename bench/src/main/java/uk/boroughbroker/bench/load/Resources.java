package uk.boroughbroker.bench.load;

/**
 * Machine resources while a scenario ran; absent (null) where they could not be read.
 *
 * @param keycloakCpuPercent Keycloak's CPU use, 100 = one core fully busy
 * @param keycloakRssAvgMiB  its resident memory, mean of the samples
 * @param keycloakRssMaxMiB  its resident memory, highest sample
 * @param benchCpuPercent    the bench JVM's own CPU (client threads and directories), 100 = one core
 */
public record Resources(Double keycloakCpuPercent, Long keycloakRssAvgMiB, Long keycloakRssMaxMiB,
        Double benchCpuPercent) {
}
