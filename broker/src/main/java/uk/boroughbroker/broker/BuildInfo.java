package uk.boroughbroker.broker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** What the build packed into the launcher: versions and the Keycloak distribution Maven resolved. */
record BuildInfo(String brokerVersion, String keycloakVersion, Path distributionZip) {

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/borough-broker.properties")) {
            if (in == null) {
                throw new BrokerException("This launcher was not built by Maven (borough-broker.properties is missing). "
                        + "Build it with ./mvnw -DskipTests package, or run ./broker.sh, which does.");
            }
            p.load(in);
        } catch (IOException e) {
            throw new BrokerException("Cannot read the launcher's build information: " + e.getMessage(), e);
        }
        BuildInfo info = new BuildInfo(p.getProperty("broker.version"), p.getProperty("keycloak.version"),
                Path.of(p.getProperty("keycloak.dist.zip")));
        if (!Files.isRegularFile(info.distributionZip)) {
            throw new BrokerException("The Keycloak " + info.keycloakVersion + " distribution the launcher was built with is "
                    + "no longer at " + info.distributionZip + ". Rebuild with ./mvnw -DskipTests package "
                    + "(./broker.sh does this when needed).");
        }
        return info;
    }
}
