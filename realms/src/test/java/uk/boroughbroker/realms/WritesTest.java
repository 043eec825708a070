package uk.boroughbroker.realms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WritesTest {

    /** Never reached: a dry run makes no call, and an apply in these tests only words its lines. */
    private static final AdminApi NOWHERE = AdminApi.withUser("http://127.0.0.1:9", "nobody", "nothing");

    @Nested
    class ADryRun {

        private final Writes writes = new Writes(NOWHERE, true);

        @Test
        void whenItWouldCreateSomethingThenItHasNoIdForIt() {
            assertThat(writes.create("/realms/borough/clients", JsonNodeFactory.instance.objectNode(),
                    "created client 'x'")).isEmpty();
            assertThat(writes.log().isEmpty()).as("nothing to put back: nothing written").isTrue();
        }

        @Test
        void whenItReportsAChangeThenItSaysWhatItWouldDo() {
            assertThat(writes.line(Verb.CREATE, "federation 'barnet'")).isEqualTo("would create federation 'barnet'");
            assertThat(writes.line(Verb.UPDATE, "realm settings")).isEqualTo("would update realm settings");
            assertThat(writes.line(Verb.REVOKE_AND_DELETE, "council role 'a/b:c'"))
                    .isEqualTo("would revoke and delete council role 'a/b:c'");
        }
    }

    @Nested
    class AnApply {

        @Test
        void whenItReportsAChangeThenItSaysWhatItDid() {
            Writes writes = new Writes(NOWHERE, false);

            assertThat(writes.line(Verb.CREATE, "federation 'barnet'")).isEqualTo("created federation 'barnet'");
            assertThat(writes.line(Verb.MAKE, "client scope 'x' a realm default"))
                    .isEqualTo("made client scope 'x' a realm default");
        }
    }
}
