package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("AccountState.fromBindDiagnostic")
class AccountStateTest {

    private static String ad(String data) {
        return "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data " + data + ", v4563";
    }

    @Nested
    @DisplayName("Active Directory's bind diagnostics")
    class ActiveDirectory {

        static Stream<Arguments> diagnostics() {
            return Stream.of(
                    argumentSet("52e wrong password", ad("52e"), AccountState.INVALID_CREDENTIALS),
                    argumentSet("525 no such user", ad("525"), AccountState.INVALID_CREDENTIALS),
                    argumentSet("530 outside logon hours", ad("530"), AccountState.INVALID_CREDENTIALS),
                    argumentSet("531 not at this workstation", ad("531"), AccountState.INVALID_CREDENTIALS),
                    argumentSet("533 disabled", ad("533"), AccountState.DISABLED),
                    argumentSet("775 locked", ad("775"), AccountState.LOCKED),
                    argumentSet("701 account expired", ad("701"), AccountState.EXPIRED),
                    argumentSet("532 password expired", ad("532"), AccountState.PASSWORD_EXPIRED),
                    argumentSet("773 must change password", ad("773"), AccountState.PASSWORD_MUST_CHANGE),
                    argumentSet("older DC (Server 2003 format)",
                            "80090308: LdapErr: DSID-0C090334, comment: AcceptSecurityContext error, data 775, vece",
                            AccountState.LOCKED),
                    argumentSet("Server 2008 format",
                            "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 533, v1db1",
                            AccountState.DISABLED),
                    argumentSet("upper-case hex 52E", ad("52E"), AccountState.INVALID_CREDENTIALS),
                    argumentSet("NUL-terminated as some DCs send it", ad("701") + "\u0000", AccountState.EXPIRED));
        }

        @ParameterizedTest
        @MethodSource("diagnostics")
        void whenAdRefusesABindThenTheDataCodeBecomesTheAccountState(String diagnostic, AccountState expected) {
            assertThat(AccountState.fromBindDiagnostic(diagnostic)).isEqualTo(expected);
        }
    }

    @Nested
    @DisplayName("anything else")
    class NoReason {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"Unable to bind as user because the provided password was incorrect.",
            "invalid credentials", "data", "data 5", "data 53", "data xyz",
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, v4563"})
        void whenThereIsNoRecognisableDataCodeThenItIsJustInvalidCredentials(String diagnostic) {
            assertThat(AccountState.fromBindDiagnostic(diagnostic)).isEqualTo(AccountState.INVALID_CREDENTIALS);
        }
    }
}
