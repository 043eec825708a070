package uk.boroughbroker.keycloak.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.provider.ProviderConfigProperty;

@DisplayName("CouncilRolesMapperConfig: the council roles mapper's settings")
class CouncilRolesMapperConfigTest {

    private static CouncilRolesMapperConfig withClaim(String name) {
        return CouncilRolesMapperConfig.of(Map.of("claim.name", name));
    }

    @Nested
    @DisplayName("the claim name a token gets")
    class ClaimName {

        @Test
        void whenNotConfiguredThenCouncils() {
            assertThat(CouncilRolesMapperConfig.of(Map.of()).claimName()).isEqualTo("councils");
            assertThat(CouncilRolesMapperConfig.of(null).claimName()).isEqualTo("councils");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t"})
        void whenBlankThenCouncils(String blank) {
            assertThat(withClaim(blank).claimName()).isEqualTo("councils");
        }

        @ParameterizedTest
        @ValueSource(strings = {"council_roles", "borough:councils", " councils "})
        void whenConfiguredThenUsedWithoutSurroundingSpace(String name) {
            assertThat(withClaim(name).claimName()).isEqualTo(name.strip());
            assertThat(withClaim(name).problem()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"sub", "realm_access", "preferred_username"})
        void whenItWouldOverwriteAnIdentityOrProtocolClaimThenItIsRefusedWithTheUsualName(String name) {
            assertThat(withClaim(name).problem()).contains("is reserved for identity and protocol data")
                    .contains("Use \"councils\"");
        }

        @ParameterizedTest
        @ValueSource(strings = {"council.roles", "council roles", "1councils"})
        void whenItIsNotAPlainNameThenItIsRefused(String name) {
            assertThat(withClaim(name).problem()).contains("is not valid");
        }
    }

    @Nested
    @DisplayName("what the admin console offers")
    class Console {

        private final CouncilRolesMapper mapper = new CouncilRolesMapper();

        @Test
        void whenConfiguredInTheConsoleThenTheClaimNameDefaultsToWhatTokensGetWithoutIt() {
            ProviderConfigProperty claim = mapper.getConfigProperties().stream()
                    .filter(p -> p.getName().equals("claim.name")).findFirst().orElseThrow();

            assertThat(claim.getLabel()).isEqualTo("Claim name");
            assertThat(claim.getDefaultValue()).isEqualTo(CouncilRolesMapperConfig.of(Map.of()).claimName());
        }

        @Test
        void whenConfiguredInTheConsoleThenTheTokenChoicesAreOfferedToo() {
            assertThat(mapper.getConfigProperties()).extracting(ProviderConfigProperty::getName)
                    .containsExactly("claim.name", "id.token.claim", "access.token.claim", "lightweight.claim",
                            "userinfo.token.claim", "introspection.token.claim");
        }
    }
}
