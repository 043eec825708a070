package uk.boroughbroker.keycloak.homecouncil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.provider.ProviderConfigProperty;

class HomeCouncilMapperTest {

    private final HomeCouncilMapper mapper = new HomeCouncilMapper();

    @Test
    void whenListedThenItHasTheBoroughIdAndIsAnOidcTokenMapper() {
        assertThat(mapper.getId()).isEqualTo("borough-home-council");
        assertThat(mapper.getProtocol()).isEqualTo("openid-connect");
        assertThat(mapper.getDisplayCategory()).isEqualTo("Token mapper");
    }

    @Test
    void whenConfiguredInTheConsoleThenClaimNameAndTokenChoicesAreOffered() {
        assertThat(mapper.getConfigProperties()).extracting(ProviderConfigProperty::getName)
                .contains("claim.name", "id.token.claim", "access.token.claim", "userinfo.token.claim",
                        "introspection.token.claim");
        assertThat(mapper.getConfigProperties().get(0).getDefaultValue()).isEqualTo("home_council");
    }

    @Test
    void whenTheClaimNameIsReservedThenValidationRefusesItWithAnAdminReadableMessage() {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setConfig(Map.of("claim.name", "sub"));

        assertThatThrownBy(() -> mapper.validateConfig(null, null, null, model))
                .isInstanceOf(ProtocolMapperConfigException.class)
                .hasMessageContaining("Claim name \"sub\" is reserved");
    }

    @Test
    void whenTheClaimNameIsFineThenValidationPasses() throws ProtocolMapperConfigException {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setConfig(Map.of("claim.name", "home_council"));

        mapper.validateConfig(null, null, null, model);
    }

    @Test
    void whenKeycloakLoadsProvidersThenTheMapperIsRegistered() throws IOException {
        try (InputStream services = getClass().getResourceAsStream(
                "/META-INF/services/org.keycloak.protocol.ProtocolMapper")) {
            assertThat(new String(services.readAllBytes(), StandardCharsets.UTF_8))
                    .contains(HomeCouncilMapper.class.getName());
        }
    }
}
