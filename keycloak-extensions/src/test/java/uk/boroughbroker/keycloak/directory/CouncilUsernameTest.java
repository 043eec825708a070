package uk.boroughbroker.keycloak.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Optional;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("CouncilUsername.parse")
class CouncilUsernameTest {

    private static CouncilUsername upn(String original, String account, String domain) {
        return new CouncilUsername(original, account, Optional.of(domain), Optional.empty());
    }

    private static CouncilUsername downLevel(String original, String netbios, String account) {
        return new CouncilUsername(original, account, Optional.empty(), Optional.of(netbios));
    }

    private static CouncilUsername bare(String account) {
        return new CouncilUsername(account, account, Optional.empty(), Optional.empty());
    }

    @Nested
    @DisplayName("the ways council staff write their names")
    class OrdinaryNames {

        @Test
        void whenAUserPrincipalNameIsTypedThenAccountAndDomainAreSplitAtTheAt() {
            assertThat(CouncilUsername.parse("jsmith@brent.gov.uk"))
                    .contains(upn("jsmith@brent.gov.uk", "jsmith", "brent.gov.uk"));
        }

        @Test
        void whenTheUpnIsInCapitalsThenTheDomainIsLowerCasedButTheAccountKeepsItsCase() {
            CouncilUsername name = CouncilUsername.parse("JSmith@BRENT.GOV.UK").orElseThrow();

            assertThat(name.account()).isEqualTo("JSmith");
            assertThat(name.domain()).contains("brent.gov.uk");
            assertThat(name.netbios()).isEmpty();
            assertThat(name.original()).isEqualTo("JSmith@BRENT.GOV.UK");
            assertThat(name.principal()).contains("JSmith@brent.gov.uk");
        }

        @Test
        void whenADownLevelNameIsTypedThenNetbiosAndAccountAreSplitAtTheBackslash() {
            assertThat(CouncilUsername.parse("BRENT\\jsmith")).contains(downLevel("BRENT\\jsmith", "BRENT", "jsmith"));
        }

        @Test
        void whenTheNetbiosNameIsInLowerCaseThenItIsUpperCasedAndTheOriginalIsKept() {
            assertThat(CouncilUsername.parse("brent\\jsmith")).contains(downLevel("brent\\jsmith", "BRENT", "jsmith"));
        }

        @Test
        void whenADownLevelNameHasACapitalisedAccountThenTheAccountKeepsItsCase() {
            assertThat(CouncilUsername.parse("Brent\\JSmith")).contains(downLevel("Brent\\JSmith", "BRENT", "JSmith"));
        }

        @Test
        void whenABareNameIsTypedThenItHasNeitherDomainNorNetbios() {
            CouncilUsername name = CouncilUsername.parse("jsmith").orElseThrow();

            assertThat(name).isEqualTo(bare("jsmith"));
            assertThat(name.principal()).isEmpty();
        }

        @ParameterizedTest(name = "[{index}] \"{0}\"")
        @ValueSource(strings = {"  jsmith@brent.gov.uk  ", "\tjsmith@brent.gov.uk\n", "\u3000jsmith@brent.gov.uk",
            "jsmith@brent.gov.uk\r\n"})
        void whenTheNameIsSurroundedByWhitespaceThenItIsTrimmedAndTheOriginalIsTheTrimmedText(String typed) {
            assertThat(CouncilUsername.parse(typed)).contains(upn("jsmith@brent.gov.uk", "jsmith", "brent.gov.uk"));
        }

        @Test
        void whenAnEmailAddressWithDotsAndApostropheIsTypedThenItIsAcceptedAsAUpnStyleName() {
            assertThat(CouncilUsername.parse("o'brien.j@staff.brent.gov.uk"))
                    .contains(upn("o'brien.j@staff.brent.gov.uk", "o'brien.j", "staff.brent.gov.uk"));
        }

        @Test
        void whenTheNetbiosNameHasADigitAndAHyphenThenItIsAccepted() {
            assertThat(CouncilUsername.parse("brent-1\\jsmith")).contains(downLevel("brent-1\\jsmith", "BRENT-1", "jsmith"));
        }

        @Test
        void whenTheLocalPartEndsWithADotThenItIsStillAUpnStyleName() {
            // Only sAMAccountName forbids a trailing dot; a UPN or email local part is left to the directory.
            assertThat(CouncilUsername.parse("jsmith.@brent.gov.uk"))
                    .contains(upn("jsmith.@brent.gov.uk", "jsmith.", "brent.gov.uk"));
        }
    }

    @Nested
    @DisplayName("length limits")
    class Lengths {

        /** 64 + '@' + 191 = 256 characters. */
        private final String longestDomain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(60) + ".uk";

        @Test
        void whenTheWholeNameIs256CharactersThenItIsAccepted() {
            String typed = "a".repeat(64) + "@" + longestDomain;
            assertThat(typed).hasSize(CouncilUsername.MAX_LENGTH);

            assertThat(CouncilUsername.parse(typed)).contains(upn(typed, "a".repeat(64), longestDomain));
        }

        @Test
        void whenTheWholeNameIs257CharactersThenItIsRefused() {
            String typed = "a".repeat(65) + "@" + longestDomain;
            assertThat(typed).hasSize(CouncilUsername.MAX_LENGTH + 1);

            assertThat(CouncilUsername.parse(typed)).isEmpty();
        }

        @Test
        void whenABareAccountIs64CharactersThenItIsAcceptedAnd65IsRefused() {
            assertThat(CouncilUsername.parse("a".repeat(64))).contains(bare("a".repeat(64)));
            assertThat(CouncilUsername.parse("a".repeat(65))).isEmpty();
        }

        @Test
        void whenAUpnLocalPartIsLongerThan128CharactersThenItIsRefused() {
            assertThat(CouncilUsername.parse("a".repeat(128) + "@brent.gov.uk")).isPresent();
            assertThat(CouncilUsername.parse("a".repeat(129) + "@brent.gov.uk")).isEmpty();
        }
    }

    @Nested
    @DisplayName("hostile corpus")
    class HostileCorpus {

        static Stream<Arguments> refused() {
            return Stream.of(
                    // LDAP filter metacharacters and injections
                    argumentSet("star", "*"),
                    argumentSet("open paren", "("),
                    argumentSet("close paren", ")"),
                    argumentSet("lone backslash", "\\"),
                    argumentSet("NUL", "\u0000"),
                    argumentSet("NUL after name", "jsmith\u0000"),
                    argumentSet("NUL in UPN", "jsmith\u0000@brent.gov.uk"),
                    argumentSet("NUL after UPN", "jsmith@brent.gov.uk\u0000"),
                    argumentSet("filter break-out", "jsmith)(objectClass=*"),
                    argumentSet("OR injection", "*)(|(sAMAccountName=*"),
                    argumentSet("trailing wildcard", "admin*"),
                    argumentSet("wildcard UPN", "*@brent.gov.uk"),
                    argumentSet("wildcard inside UPN", "a*b@brent.gov.uk"),
                    argumentSet("wildcard down-level", "BRENT\\*"),
                    argumentSet("prefix wildcard down-level", "BRENT\\j*"),
                    argumentSet("break-out down-level", "BRENT\\jsmith)(objectClass=*"),
                    argumentSet("pre-escaped star", "\\2a@brent.gov.uk"),
                    argumentSet("OR injection in UPN", "jsmith)(|(sAMAccountName=*@brent.gov.uk"),
                    // length
                    argumentSet("257 characters", "a".repeat(257)),
                    argumentSet("10,000 characters", "a".repeat(10_000)),
                    argumentSet("10,000 characters UPN", "x".repeat(10_000) + "@brent.gov.uk"),
                    // look-alikes that compatibility normalisation folds
                    argumentSet("full-width", "\uff4a\uff53\uff4d\uff49\uff54\uff48"),
                    argumentSet("full-width UPN", "\uff4a\uff53\uff4d\uff49\uff54\uff48@brent.gov.uk"),
                    argumentSet("full-width letter in domain", "jsmith@\uff42rent.gov.uk"),
                    argumentSet("Kelvin sign", "\u212Asmith"),
                    argumentSet("long s", "j\u017Fmith"),
                    argumentSet("no-break space", "j\u00A0smith"),
                    argumentSet("decomposed e-acute", "rene\u0301"),
                    argumentSet("ligature fi", "\uFB01nch"),
                    // invisible format characters
                    argumentSet("zero-width space", "j\u200Bsmith"),
                    argumentSet("zero-width non-joiner", "j\u200Csmith"),
                    argumentSet("zero-width joiner", "j\u200Dsmith"),
                    argumentSet("word joiner", "j\u2060smith"),
                    argumentSet("byte order mark", "\uFEFFjsmith"),
                    argumentSet("soft hyphen", "j\u00ADsmith"),
                    argumentSet("RTL override", "jsmith\u202E"),
                    argumentSet("RTL override in UPN", "\u202Ejsmith@brent.gov.uk"),
                    argumentSet("tag character", "jsmith\uDB40\uDC01"),
                    // control characters and inner whitespace
                    argumentSet("inner newline", "js\nmith"),
                    argumentSet("newline before at", "jsmith\n@brent.gov.uk"),
                    argumentSet("inner tab", "js\tmith"),
                    argumentSet("tab before at", "jsmith\t@brent.gov.uk"),
                    argumentSet("inner carriage return", "js\rmith"),
                    argumentSet("next line (C1)", "js\u0085mith"),
                    argumentSet("line separator", "j\u2028smith"),
                    argumentSet("inner space", "js mith"),
                    argumentSet("space before at", "jsmith @brent.gov.uk"),
                    argumentSet("space in netbios", "BR ENT\\jsmith"),
                    // DNs and structure
                    argumentSet("DN injection", "CN=Admin,OU=Staff"),
                    argumentSet("full DN", "CN=John Smith,OU=Staff,DC=brent,DC=gov,DC=uk"),
                    argumentSet("second at", "jsmith@brent.gov.uk@evil.com"),
                    argumentSet("two backslashes in a row of three names", "a\\b\\c"),
                    argumentSet("netbios without account", "BRENT\\"),
                    argumentSet("netbios with backslash account", "BRENT\\\\"),
                    argumentSet("account without netbios", "\\jsmith"),
                    argumentSet("down-level with UPN account", "BRENT\\jsmith@brent.gov.uk"),
                    argumentSet("UPN with backslash tail", "jsmith@brent.gov.uk\\x"),
                    argumentSet("netbios of 16 characters", "BRENTCOUNCILLOND\\jsmith"),
                    argumentSet("netbios starting with hyphen", "-BRENT\\jsmith"),
                    // domains
                    argumentSet("no local part", "@brent.gov.uk"),
                    argumentSet("no domain", "jsmith@"),
                    argumentSet("single-label domain", "jsmith@brent"),
                    argumentSet("label starting with hyphen", "jsmith@-brent.gov.uk"),
                    argumentSet("label ending with hyphen", "jsmith@brent-.gov.uk"),
                    argumentSet("empty label", "jsmith@brent..gov.uk"),
                    argumentSet("trailing dot domain", "jsmith@brent.gov.uk."),
                    argumentSet("numeric TLD", "jsmith@10.0.0.1"),
                    argumentSet("label of 64 characters", "jsmith@" + "b".repeat(64) + ".gov.uk"),
                    // dots and other characters AD forbids in sAMAccountName
                    argumentSet("dot dot", ".."),
                    argumentSet("dot", "."),
                    argumentSet("trailing dot account", "jsmith."),
                    argumentSet("path traversal", "../../etc/passwd"),
                    argumentSet("JNDI lookup", "${jndi:ldap://127.0.0.1/x}"),
                    argumentSet("markup", "<script>alert(1)</script>"),
                    argumentSet("SQL", "' OR '1'='1"),
                    argumentSet("semicolon", "jsmith;"),
                    argumentSet("pipe", "j|smith"),
                    argumentSet("plus", "j+smith"),
                    argumentSet("double quote", "j\"smith"),
                    argumentSet("brackets", "j[0]"),
                    argumentSet("question mark", "jsmith?"),
                    argumentSet("colon", "brent:jsmith"),
                    argumentSet("slash", "brent/jsmith"),
                    argumentSet("blank", "   "),
                    argumentSet("newline only", "\n"));
        }

        @ParameterizedTest
        @MethodSource("refused")
        void whenAHostileNameIsTypedThenItIsRefusedBeforeAnyDirectoryIsAsked(String typed) {
            assertThat(CouncilUsername.parse(typed)).isEmpty();
        }

        @ParameterizedTest
        @NullAndEmptySource
        void whenNothingIsTypedThenItIsRefused(String typed) {
            assertThat(CouncilUsername.parse(typed)).isEmpty();
        }

        static Stream<Arguments> acceptedAsTyped() {
            return Stream.of(
                    // NFKC does not fold Cyrillic je (U+0458) to Latin j: a different, ordinary letter.
                    argumentSet("Cyrillic je, bare", "\u0458smith", bare("\u0458smith")),
                    argumentSet("Cyrillic je, UPN", "\u0458smith@brent.gov.uk",
                            upn("\u0458smith@brent.gov.uk", "\u0458smith", "brent.gov.uk")),
                    argumentSet("Cyrillic je, down-level", "BRENT\\\u0458smith",
                            downLevel("BRENT\\\u0458smith", "BRENT", "\u0458smith")),
                    argumentSet("URL-encoded NUL stays literal", "jsmith%00@brent.gov.uk",
                            upn("jsmith%00@brent.gov.uk", "jsmith%00", "brent.gov.uk")),
                    argumentSet("trailing newline is trimmed", "jsmith\n", bare("jsmith")),
                    argumentSet("hash and dollar", "j#smith$", bare("j#smith$")),
                    argumentSet("ampersand and percent", "j&s%mith@brent.gov.uk",
                            upn("j&s%mith@brent.gov.uk", "j&s%mith", "brent.gov.uk")),
                    argumentSet("precomposed e-acute", "ren\u00e9", bare("ren\u00e9")),
                    argumentSet("leading dot in UPN", ".jsmith@brent.gov.uk",
                            upn(".jsmith@brent.gov.uk", ".jsmith", "brent.gov.uk")));
        }

        @ParameterizedTest
        @MethodSource("acceptedAsTyped")
        void whenAnUnusualButPlainNameIsTypedThenItIsAcceptedExactlyAsTyped(String typed, CouncilUsername expected) {
            assertThat(CouncilUsername.parse(typed)).contains(expected);
        }

        @ParameterizedTest
        @MethodSource("acceptedAsTyped")
        void whenAnAcceptedNameIsSearchedThenItReachesTheFilterOnlyAsAnEscapedEqualityValue(String typed,
                CouncilUsername expected) throws LDAPException {
            CouncilDirectoryProvider brent = new CouncilDirectoryProvider(null, TestModels.brent(),
                    new CouncilDirectoryConfig(TestModels.brent()), null, new TestClock());

            Optional<Filter> filter = brent.filterFor(expected);

            if (expected.domain().isEmpty() && expected.netbios().isEmpty()) {
                assertThat(filter).as("bare names reach no directory").isEmpty();
                return;
            }
            Filter f = filter.orElseThrow();
            // What goes on the wire decodes back to the same filter: nothing in the value became syntax.
            assertThat(Filter.create(f.toString())).isEqualTo(f);
            assertThat(f.getFilterType()).isEqualTo(Filter.FILTER_TYPE_AND);
            Filter nameFilter = f.getComponents()[1];
            Filter[] equalities = nameFilter.getFilterType() == Filter.FILTER_TYPE_OR
                    ? nameFilter.getComponents() : new Filter[] {nameFilter};
            String expectedValue = expected.principal().orElse(expected.account());
            for (Filter equality : equalities) {
                assertThat(equality.getFilterType()).isEqualTo(Filter.FILTER_TYPE_EQUALITY);
                assertThat(equality.getAssertionValue()).isEqualTo(expectedValue);
            }
        }

        @Test
        @DisplayName("Cyrillic look-alike: accepted, and it goes to the directory as UTF-8 escapes, not as 'jsmith'")
        void whenACyrillicLookAlikeIsSearchedThenTheFilterCarriesTheCyrillicLetterNotTheLatinOne() {
            CouncilUsername name = CouncilUsername.parse("BRENT\\\u0458smith").orElseThrow();
            CouncilDirectoryProvider brent = new CouncilDirectoryProvider(null, TestModels.brent(),
                    new CouncilDirectoryConfig(TestModels.brent()), null, new TestClock());

            assertThat(brent.filterFor(name).orElseThrow())
                    .hasToString("(&(&(objectClass=user)(!(objectClass=computer)))(sAMAccountName=\\d1\\98smith))");
        }

        static Stream<Arguments> invisibleOrUnencodable() {
            return Stream.of(
                    argumentSet("unpaired high surrogate (sent to the directory as '?')", "j\uD800smith"),
                    argumentSet("unpaired low surrogate", "j\uDC00smith"),
                    argumentSet("variation selector-16 (invisible)", "j\uFE0Fsmith"),
                    argumentSet("combining grapheme joiner (invisible)", "j\u034Fsmith"),
                    argumentSet("Hangul choseong filler (invisible)", "j\u115Fsmith"),
                    argumentSet("Mongolian free variation selector (invisible)", "j\u180Bsmith"));
        }

        @ParameterizedTest
        @MethodSource("invisibleOrUnencodable")
        void whenANameHasInvisibleOrUnencodableCodePointsThenItIsRefused(String typed) {
            assertThat(CouncilUsername.parse(typed)).isEmpty();
        }
    }
}
