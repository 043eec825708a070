package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("DirectoryFailures")
class DirectoryFailuresTest {

    @Nested
    @DisplayName("result codes")
    class ResultCodes {

        @ParameterizedTest
        @ValueSource(ints = {81, 85, 91, 51, 52, 3})
        void whenTheCodeMeansTheDirectoryCouldNotAnswerThenItIsAnOutage(int code) {
            assertThat(DirectoryFailures.isOutage(ResultCode.valueOf(code))).isTrue();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 4, 32, 34, 49, 50, 53})
        void whenTheCodeIsAnAnswerThenItIsNotAnOutage(int code) {
            assertThat(DirectoryFailures.isOutage(ResultCode.valueOf(code))).isFalse();
        }
    }

    @Nested
    @DisplayName("in one line")
    class OneLine {

        @Test
        void whenTheDirectoryGaveADiagnosticThenItFollowsTheResultCode() {
            LDAPException e = new LDAPException(new LDAPResult(1, ResultCode.INVALID_CREDENTIALS,
                    "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563", null,
                    (String[]) null, (Control[]) null));

            assertThat(DirectoryFailures.result(e)).isEqualTo("49 (invalid credentials): 80090308: LdapErr: "
                    + "DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563");
        }

        @Test
        void whenTheDirectoryGaveNoDiagnosticThenTheResultCodeIsAll() {
            assertThat(DirectoryFailures.result(new LDAPException(ResultCode.SERVER_DOWN)))
                    .isEqualTo("81 (server down)");
        }

        @Test
        void whenTheSdkAppendsAThreadStackTraceThenItIsCutOff() {
            RuntimeException e = new IllegalStateException("pool closed Thread stack trace: at a.b(C.java:1)");

            assertThat(DirectoryFailures.brief(e)).isEqualTo("IllegalStateException: pool closed");
        }
    }
}
