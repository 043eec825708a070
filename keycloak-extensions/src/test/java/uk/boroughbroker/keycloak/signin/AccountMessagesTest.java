package uk.boroughbroker.keycloak.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.boroughbroker.keycloak.directory.DirectoryOutcome.Kind;

@DisplayName("AccountMessages: what each outcome reads as")
class AccountMessagesTest {

    @Nested
    @DisplayName("on the sign-in page")
    class SignInPage {

        @ParameterizedTest
        @EnumSource(Kind.class)
        void whenAnOutcomeIsToldThenItsMessageIsKeycloaksOwnOrInTheBoroughTheme(Kind told) throws IOException {
            Properties theme = new Properties();
            try (Reader in = Files.newBufferedReader(
                    Path.of("src/main/resources/theme/borough/login/messages/messages_en.properties"), StandardCharsets.UTF_8)) {
                theme.load(in);
            }
            String key = AccountMessages.messageKey(told);

            if (key.startsWith("borough")) {
                assertThat(theme).containsKey(key);
            } else {
                assertThat(key).isIn("accountDisabledMessage", "invalidUserMessage");
            }
        }

        @ParameterizedTest
        @EnumSource(value = Kind.class, names = {"NONE", "UNAVAILABLE"})
        void whenNothingIsToldThenTheMessageIsKeycloaksInvalidCredentials(Kind told) {
            assertThat(AccountMessages.messageKey(told)).isEqualTo("invalidUserMessage");
        }
    }

    @Nested
    @DisplayName("in the password grant's error_description")
    class PasswordGrant {

        @ParameterizedTest
        @EnumSource(value = Kind.class, names = {"NONE", "UNAVAILABLE"})
        void whenNothingIsToldThenTheDescriptionIsKeycloaksOwn(Kind told) {
            assertThat(AccountMessages.describe(told)).isEqualTo("Invalid user credentials");
        }

        @ParameterizedTest
        @EnumSource(value = Kind.class, names = {"LOCKED", "DISABLED", "EXPIRED", "PASSWORD_EXPIRED", "PASSWORD_MUST_CHANGE"})
        void whenAnAccountStateIsToldThenTheDescriptionSaysSomethingElseThanInvalidCredentials(Kind told) {
            assertThat(AccountMessages.describe(told)).isNotEqualTo("Invalid user credentials");
        }
    }
}
