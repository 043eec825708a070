package uk.boroughbroker.keycloak.directory;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;

/**
 * The request a background sync acts in. Keycloak's logout resolves each client's back-channel
 * logout URL against the request's URI (even an absolute one) and fails with no request at all, so
 * a leaver found by the sync would end their sessions without telling the apps. Keycloak's own
 * background work does the same (its brute-force protector hands its worker a request of its own).
 *
 * <p>The URI stands for the server itself; with {@code hostname} set, as in production, Keycloak
 * takes its front-end URL from there and not from this.
 */
final class BackgroundRequest implements HttpRequest {

    private static final URI BASE = URI.create("http://localhost/");
    private static final UriInfo URI_INFO = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(),
            new Class<?>[] {UriInfo.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getBaseUri", "getRequestUri", "getAbsolutePath" -> BASE;
                case "getBaseUriBuilder", "getRequestUriBuilder", "getAbsolutePathBuilder" -> UriBuilder.fromUri(BASE);
                case "resolve" -> BASE.resolve((URI) args[0]);
                case "relativize" -> BASE.relativize((URI) args[0]);
                case "getPath" -> "/";
                case "getPathParameters", "getQueryParameters" -> new MultivaluedHashMap<String, String>();
                case "getPathSegments", "getMatchedURIs", "getMatchedResources" -> List.of();
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "background request " + BASE;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private BackgroundRequest() {
    }

    /** Gives a background session a request to act in, unless it serves a real one. */
    static void enter(KeycloakSession session) {
        session.getContext().setHttpRequest(new BackgroundRequest());
    }

    @Override
    public String getHttpMethod() {
        return "";
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return new MultivaluedHashMap<>();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return null;
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return null;
    }

    @Override
    public UriInfo getUri() {
        return URI_INFO;
    }

    @Override
    public boolean isProxyTrusted() {
        return true;
    }
}
