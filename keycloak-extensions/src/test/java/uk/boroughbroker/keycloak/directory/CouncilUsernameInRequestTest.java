package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;

@DisplayName("CouncilUsername.inRequest: parsed once per request, as every federation is asked about the same name")
class CouncilUsernameInRequestTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private final KeycloakSession request = TestModels.request(attributes);

    private static CouncilUsername upn(String account, String domain) {
        return new CouncilUsername(account + "@" + domain, account, Optional.of(domain), Optional.empty());
    }

    @Test
    void whenTheSameNameIsAskedAgainInTheRequestThenTheFirstParseIsReturned() {
        Optional<CouncilUsername> first = CouncilUsername.inRequest(request, "jsmith@brent.gov.uk");

        assertThat(first).contains(upn("jsmith", "brent.gov.uk"));
        assertThat(CouncilUsername.inRequest(request, "jsmith@brent.gov.uk")).isSameAs(first);
    }

    @Test
    void whenAnotherNameIsAskedThenItIsParsedForItself() {
        CouncilUsername.inRequest(request, "jsmith@brent.gov.uk");

        assertThat(CouncilUsername.inRequest(request, "BRENT\\aokafor")).contains(
                new CouncilUsername("BRENT\\aokafor", "aokafor", Optional.empty(), Optional.of("BRENT")));
        assertThat(CouncilUsername.inRequest(request, "jsmith@brent.gov.uk")).contains(upn("jsmith", "brent.gov.uk"));
    }

    @Test
    void whenTheNameIsRefusedThenItStaysRefusedAndNullIsNeverKept() {
        assertThat(CouncilUsername.inRequest(request, "jsmith)(objectClass=*")).isEmpty();
        assertThat(CouncilUsername.inRequest(request, "jsmith)(objectClass=*")).isEmpty();
        assertThat(CouncilUsername.inRequest(request, null)).isEmpty();
        assertThat(CouncilUsername.inRequest(request, "jsmith)(objectClass=*")).isEmpty();
    }

    @Test
    void whenAnotherRequestAsksThenItParsesForItself() {
        CouncilUsername.inRequest(request, "jsmith@brent.gov.uk");

        assertThat(attributes).containsOnlyKeys(CouncilUsername.PARSED_THIS_REQUEST);
        assertThat(CouncilUsername.inRequest(TestModels.request(new HashMap<>()), "jsmith@camden.gov.uk"))
                .contains(upn("jsmith", "camden.gov.uk"));
    }
}
