package uk.boroughbroker.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Memory and CPU from /proc")
class ResourceSamplerTest {

    @Test
    void whenTheCommandNameHoldsSpacesAndParenthesesThenUtimeAndStimeAreStillFound() {
        String stat = "1234 (java (kc) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 40 0 99 0 0";

        assertThat(ResourceSampler.parseCpuTicks(stat)).hasValue(300);
    }

    @Test
    void whenThisJvmIsMeasuredThenItsMemoryAndCpuAreReadOrAbsentWithoutProc() {
        ResourceSampler sampler = ResourceSampler.start(List.of(ProcessHandle.current()));
        Resources resources = sampler.stop();

        if (Files.isDirectory(Path.of("/proc/self"))) {
            assertThat(ResourceSampler.rssKib(ProcessHandle.current().pid())).isPresent();
            assertThat(resources.keycloakCpuPercent()).isNotNull().isGreaterThanOrEqualTo(0.0);
            assertThat(resources.benchCpuPercent()).isNotNull();
        } else {
            assertThat(resources.keycloakCpuPercent()).isNull();
        }
    }

    @Test
    void whenThereIsNoKeycloakProcessThenItsFiguresAreAbsentNotZero() {
        Resources resources = ResourceSampler.start(List.of()).stop();

        assertThat(resources.keycloakCpuPercent()).isNull();
        assertThat(resources.keycloakRssMaxMiB()).isNull();
    }

    @Test
    void whenSeveralNodesAreMeasuredThenTheirMemoryIsSummed() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        long one = ResourceSampler.rssMiB(List.of(ProcessHandle.current()));

        // The same process twice stands for two nodes of equal size: the sum, not the first nor the largest.
        long two = ResourceSampler.rssMiB(List.of(ProcessHandle.current(), ProcessHandle.current()));

        assertThat(two).isBetween(2 * one - 8, 2 * one + 8);
        assertThat(ResourceSampler.rssMiB(List.of())).isNull();
    }
}
