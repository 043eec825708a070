package uk.boroughbroker.broker;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import uk.boroughbroker.broker.cluster.FrontDoor;
import uk.boroughbroker.realms.AdminApi;

/**
 * A broker this command did not start: a production deployment reached through its front door
 * ({@code --server}), for {@code councils apply} and the other admin commands. The admin client's
 * credentials come from the environment, never the command line (where {@code ps} shows them); the
 * realm files' {@code ${VARIABLES}} (client secrets, bind credentials) from the environment too, as
 * in the image (docker/README.md).
 *
 * @param state    what the commands need, as a local broker's run state gives it: the broker's public
 *                 URL (Keycloak's base, HTTPS unless it is this machine) and the realm among them
 * @param clientId the admin client (a confidential client of the master realm with a service account
 *                 holding the realm's admin roles)
 */
record RemoteBroker(RunState state, String clientId, String clientSecret, SSLContext tls) {

    /** The admin client's id; {@value #DEFAULT_CLIENT} when unset. */
    static final String CLIENT_ID_VARIABLE = "BROKER_ADMIN_CLIENT_ID";
    static final String CLIENT_SECRET_VARIABLE = "BROKER_ADMIN_CLIENT_SECRET";
    static final String DEFAULT_CLIENT = "borough-admin";
    private static final Set<String> THIS_MACHINE = Set.of("localhost", "127.0.0.1", "[::1]");

    /**
     * Checks everything before anything is sent.
     *
     * @param caFile   PEM certificates to trust instead of the JVM's (a private CA), or null
     * @param councils the councils file to apply (apply refuses to guess one for a real broker), or null
     */
    static RemoteBroker of(String server, String realm, Path caFile, Path realmsDir, Path councils,
            Map<String, String> environment) {
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            throw new UsageException("--server " + server + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new UsageException("--server needs the broker's URL, such as https://broker.example.gov.uk, not '"
                    + server + "'");
        }
        if (scheme.equals("http") && !THIS_MACHINE.contains(uri.getHost())) {
            throw new UsageException("--server " + server + " is plain HTTP: the admin client's secret and the "
                    + "directories' bind credentials would cross the network in clear. Use the broker's https:// URL");
        }
        String secret = environment.get(CLIENT_SECRET_VARIABLE);
        if (secret == null || secret.isBlank()) {
            throw new UsageException("--server needs the admin client's secret in " + CLIENT_SECRET_VARIABLE
                    + " (and its id in " + CLIENT_ID_VARIABLE + ", default " + DEFAULT_CLIENT + "); see docs/operations.md");
        }
        String clientId = environment.getOrDefault(CLIENT_ID_VARIABLE, DEFAULT_CLIENT);
        SSLContext tls = caFile == null ? null : FrontDoor.trusting(requireFile(caFile, "--ca-file"));
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        RunState state = new RunState(base, realm, realmsDir, councils, Map.copyOf(environment));
        return new RemoteBroker(state, clientId, secret, tls);
    }

    String url() {
        return state.baseUrl();
    }

    AdminApi admin() {
        return AdminApi.withClient(url(), clientId, clientSecret, tls);
    }

    private static Path requireFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(option + ": no such file " + file);
        }
        return file;
    }

    @Override
    public String toString() {
        // Never the secret.
        return "RemoteBroker[" + url() + ", realm " + state.realm() + ", client " + clientId + "]";
    }
}
