package uk.boroughbroker.bench.environment;

/**
 * One side of the comparison: a realm on the bench's Keycloak, with the same two clients on both
 * sides ({@value #SERVICE_CLIENT}, confidential; {@value #WEB_CLIENT}, public with PKCE).
 *
 * @param id    {@value #BROKER} or {@value #STOCK}, as results name it
 * @param realm the realm's name in Keycloak
 */
public record Target(String id, String realm, String baseUrl, String serviceSecret) {

    public static final String BROKER = "broker";
    public static final String STOCK = "stock";
    public static final String SERVICE_CLIENT = "borough-demo-service";
    public static final String WEB_CLIENT = "borough-demo-web";
    /** Matches both realms' web client redirect (http://localhost:8000/*); nothing listens there. */
    public static final String REDIRECT_URI = "http://localhost:8000/callback";

    public String tokenUrl() {
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    public String authorizationUrl() {
        return baseUrl + "/realms/" + realm + "/protocol/openid-connect/auth";
    }

    @Override
    public String toString() {
        return id + " (realm " + realm + ")";
    }
}
