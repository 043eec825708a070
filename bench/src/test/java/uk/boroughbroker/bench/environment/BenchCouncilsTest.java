package uk.boroughbroker.bench.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.boroughbroker.model.names.CouncilNames;
import uk.boroughbroker.realms.Council;
import uk.boroughbroker.realms.Councils;
import uk.boroughbroker.realms.CouncilsLoader;
import uk.boroughbroker.realms.MappingRule;
import uk.boroughbroker.realms.Policy;
import uk.boroughbroker.realms.PolicyLoader;
import uk.boroughbroker.realms.SharedService;
import uk.boroughbroker.realms.Variables;

@DisplayName("The bench's councils: the demo's six, or N generated ones")
class BenchCouncilsTest {

    @TempDir
    Path folder;

    /** What BenchDirectories.variables() gives for each council: its URL and service password. */
    private static Variables variables(BenchCouncils bench) {
        Map<String, String> values = new HashMap<>();
        for (String id : bench.ids()) {
            String prefix = id.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            values.put(prefix + "_LDAP_URL", "ldap://127.0.0.1:389");
            values.put(prefix + "_BIND_PASSWORD", "not-a-secret");
        }
        return Variables.only(values);
    }

    @Nested
    @DisplayName("Generated")
    class Generated {

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 6, 33, 40})
        void whenNCouncilsAreGeneratedThenTheCouncilsFileLoadsWithNCouncilsInOrderWithValidDistinctNames(int n) {
            BenchCouncils bench = BenchCouncils.generate(n, folder);

            Councils councils = CouncilsLoader.load(bench.councilsFile(), variables(bench));

            assertThat(councils.ids()).hasSize(n).isEqualTo(bench.ids()).startsWith("council-01");
            assertThat(councils.ids()).allMatch(CouncilNames::isCouncilId);
            List<String> suffixes = councils.councils().stream().flatMap(c -> c.upnSuffixes().stream()).toList();
            assertThat(suffixes).hasSize(n).doesNotHaveDuplicates().allMatch(CouncilNames::isDomain)
                    .allMatch(s -> s.endsWith(".bench.example"));
            assertThat(councils.councils()).extracting(c -> c.netbiosName().orElseThrow())
                    .doesNotHaveDuplicates().allMatch(CouncilNames::isNetbiosName);
        }

        @Test
        void whenThirtyThreeAreGeneratedThenEachDirectoryHasTheBaseDnWhoseDomainIsItsUpnSuffix() {
            BenchCouncils bench = BenchCouncils.generate(33, folder);
            Councils councils = CouncilsLoader.load(bench.councilsFile(), variables(bench));

            for (int i = 0; i < 33; i++) {
                Council council = councils.councils().get(i);
                BenchCouncils.Directory directory = bench.directories().get(i);
                assertThat(directory.councilId()).isEqualTo(council.id());
                assertThat(directory.baseDn()).isEqualTo(council.directory().baseDn());
                assertThat(directory.ldif()).isNull();
                String domain = directory.baseDn().replace("DC=", "").replace(",", ".");
                assertThat(council.upnSuffixes()).containsExactly(domain);
                assertThat(council.directory().urls()).containsExactly("ldap://127.0.0.1:389");
            }
        }

        @Test
        void whenThirtyThreeAreGeneratedThenTheyShareServicesInThreesAndTheLastStandsAlone() {
            BenchCouncils bench = BenchCouncils.generate(34, folder);
            Councils councils = CouncilsLoader.load(bench.councilsFile(), variables(bench));

            assertThat(councils.sharedServices()).hasSize(11).allSatisfy(s -> assertThat(s.councils()).hasSize(3));
            assertThat(councils.sharedServices()).flatExtracting(SharedService::councils).doesNotHaveDuplicates()
                    .hasSize(33).doesNotContain("council-34");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 4, 33})
        void whenTheGeneratedPolicyIsLoadedThenEveryCouncilHasItsOwnRuleAndSharedOnesStayInTheirService(int n) {
            BenchCouncils bench = BenchCouncils.generate(n, folder);
            Councils councils = CouncilsLoader.load(bench.councilsFile(), variables(bench));

            Policy policy = PolicyLoader.load(bench.policyFile(), councils);

            assertThat(policy.rules()).extracting(MappingRule::council).containsAll(councils.ids());
            assertThat(policy.rules()).allSatisfy(rule -> {
                assertThat(rule.groupDn()).endsWith("OU=Groups," + BenchCouncils.baseDn(
                        councils.ids().indexOf(rule.council()) + 1));
                String service = councils.find(rule.council()).orElseThrow().sharedService().orElse(null);
                List<String> allowed = service == null ? List.of(rule.council()) : councils.sharedServices().stream()
                        .filter(s -> s.id().equals(service)).findFirst().orElseThrow().councils();
                assertThat(allowed).containsAll(rule.grantedAt());
            });
            assertThat(policy.allCouncilClients()).containsExactly(Target.SERVICE_CLIENT, Target.WEB_CLIENT);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 41})
        void whenTheCountIsOutOfRangeThenTheErrorNamesTheRange(int n) {
            assertThatThrownBy(() -> BenchCouncils.generate(n, folder)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 1 and 40").hasMessageContaining(Integer.toString(n));
        }
    }

    @Test
    @DisplayName("Demo")
    void whenTheDemoIsChosenThenItsSixCouncilsHaveTheirLdifAndTheFilesAreTheDemos() {
        BenchCouncils bench = BenchCouncils.demo(Path.of("..", "realms"));

        assertThat(bench.generated()).isFalse();
        assertThat(bench.ids()).containsExactly("brent", "camden", "haringey", "islington", "lewisham", "southwark");
        assertThat(bench.directories()).allSatisfy(d -> assertThat(d.ldif()).isRegularFile());
        assertThat(bench.councilsFile()).isRegularFile().hasFileName("councils.yaml");
        assertThat(bench.policyFile()).isRegularFile().hasFileName("policy.yaml");
    }
}
