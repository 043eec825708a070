package uk.boroughbroker.keycloak.homecouncil;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HomeCouncilMapperConfigTest {

    private static HomeCouncilMapperConfig withClaim(String name) {
        Map<String, String> config = new HashMap<>();
        config.put("claim.name", name);
        return HomeCouncilMapperConfig.of(config);
    }

    @Nested
    class ClaimName {

        @Test
        void whenNotConfiguredThenHomeCouncil() {
            assertThat(HomeCouncilMapperConfig.of(Map.of()).claimName()).isEqualTo("home_council");
            assertThat(HomeCouncilMapperConfig.of(null).claimName()).isEqualTo("home_council");
            assertThat(withClaim("  ").claimName()).isEqualTo("home_council");
        }

        @Test
        void whenConfiguredThenUsedTrimmed() {
            assertThat(withClaim(" council ").claimName()).isEqualTo("council");
        }

        @ParameterizedTest
        @ValueSource(strings = {"home_council", "council", "borough:council", "x-council", "_c"})
        void whenPlainThenAccepted(String name) {
            assertThat(withClaim(name).problem()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"home.council", "home council", "1council", "council\u0000", "c\u00e9", "<script>"})
        void whenNotAPlainNameThenRefusedWithTheRule(String name) {
            assertThat(withClaim(name).problem()).contains("is not valid").contains("no dots, no spaces");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sub", "iss", "aud", "azp", "preferred_username", "email", "realm_access"})
        void whenAnIdentityOrProtocolClaimThenRefused(String name) {
            assertThat(withClaim(name).problem()).contains("is reserved").contains("home_council");
        }

        @Test
        void whenVeryLongThenRefused() {
            assertThat(withClaim("c".repeat(65)).problem()).contains("at most 64");
        }
    }
}
