package uk.boroughbroker.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.COLLECTION;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.boroughbroker.bench.load.Latency;

@DisplayName("Charts drawn headless")
class ChartsTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Nested
    @DisplayName("bars")
    class Bars {

        @Test
        void whenAScenarioHasNoResultForARealmThenItKeepsItsRowWithoutThatBar() {
            List<Charts.Series> series = List.of(
                    new Charts.Series("broker", Charts.BROKER, new double[] {120, 30, Double.NaN}, null, null),
                    new Charts.Series("stock", Charts.STOCK, new double[] {100, 20, 5}, null, null));

            CategoryDataset data = Charts.bars("t", "req/s", List.of("a", "b", "c"), series, false).getCategoryPlot()
                    .getDataset();

            assertThat((Object) data.getColumnKeys()).asInstanceOf(LIST).containsExactly("a", "b", "c");
            assertThat((Object) data.getRowKeys()).asInstanceOf(LIST).containsExactly("broker", "stock");
            assertThat(data.getValue("broker", "c")).isNull();
            assertThat(data.getValue("stock", "c")).isEqualTo(5.0);
        }

        @Test
        void whenThereAreMoreScenariosThenTheChartIsTaller() {
            List<Charts.Series> two = List.of(new Charts.Series("broker", Charts.BROKER, new double[] {1}, null, null),
                    new Charts.Series("stock", Charts.STOCK, new double[] {1}, null, null));

            assertThat(Charts.height(List.of("a", "b", "c"), two)).isGreaterThan(Charts.height(List.of("a"), two));
        }

        @Test
        void whenLatencyIsDrawnThenTheScaleIsLogarithmicFromAWholeDecadeBelowToRoomForTheLongestWhiskersLabel() {
            Charts.Series broker = new Charts.Series("broker", Charts.BROKER, new double[] {3.2, 40},
                    new double[] {9, 300}, new double[] {12, 4500});

            JFreeChart chart = Charts.bars("t", "ms", List.of("a", "b"), List.of(broker), true);

            assertThat(chart.getCategoryPlot().getRenderer()).isInstanceOf(WhiskerRenderer.class);
            LogAxis axis = (LogAxis) chart.getCategoryPlot().getRangeAxis();
            assertThat(axis.getLowerBound()).isEqualTo(1.0);
            assertThat(axis.getUpperBound()).isEqualTo(4500 * 5.0);
            Charts.Series shortWhiskers = new Charts.Series("broker", Charts.BROKER, new double[] {3.2}, new double[] {5},
                    new double[] {6});
            assertThat(Charts.bars("t", "ms", List.of("a"), List.of(shortWhiskers), true).getCategoryPlot().getRangeAxis()
                    .getUpperBound()).isEqualTo(30.0);
        }

        @Test
        void whenValuesAreLabelledThenTheyAreRoundedAsInTheTables() {
            assertThat(List.of(Charts.format(1234.56), Charts.format(56.78), Charts.format(0.5841), Charts.format(7)))
                    .containsExactly("1,235", "56.8", "0.58", "7");
        }
    }

    @Nested
    @DisplayName("the report's charts")
    class Files {

        @Test
        void whenAResultsAreWrittenThenEachChartIsAPngUnderTheNameTheReportLinks(@TempDir Path folder)
                throws IOException {
            Charts.write(results(), folder);

            for (String name : List.of("throughput.png", "latency.png", "resilience-success.png",
                    "resilience-directory-stopped.png")) {
                BufferedImage image = ImageIO.read(folder.resolve(name).toFile());
                assertThat(image).as(name).isNotNull();
                assertThat(image.getWidth()).as(name).isEqualTo(Charts.WIDTH);
            }
            assertThat(folder.toFile().list()).hasSize(4);
        }

        @Test
        void whenAFaultRanOnBothRealmsThenItsTimelineHasAPanelForEachWithTheFaultShaded() {
            List<ResilienceResult> runs = results().resilience();

            CombinedDomainXYPlot plot = (CombinedDomainXYPlot) Charts.timeline(runs).getPlot();

            assertThat(plot.getSubplots()).hasSize(2);
            XYPlot broker = plot.getSubplots().get(0);
            assertThat(broker.getRangeAxis().getLabel()).isEqualTo("broker: requests/s");
            assertThat(broker.getDataset().getSeriesCount()).isEqualTo(4);
            assertThat((Object) broker.getDomainMarkers(Layer.BACKGROUND)).asInstanceOf(COLLECTION).hasSize(1);
        }
    }

    private static SuiteResults results() {
        List<LoadResult> load = new ArrayList<>();
        List<ResilienceResult> resilience = new ArrayList<>();
        for (String target : List.of("broker", "stock")) {
            for (String scenario : List.of("first-login-first-council", "refresh-token")) {
                load.add(new LoadResult(scenario, target, 2, 2, 100, 100, 0, 0, Map.of(), 50, List.of(50.0),
                        new Latency(20, 40, 60, 25, 80), Map.of(), List.of(), null, null));
            }
            GroupResult fine = new GroupResult(100, 100, 1.0, 50, new Latency(20, 40, 60, 25, 80), Map.of());
            GroupResult failing = new GroupResult(100, 2, 0.02, 1, new Latency(5, 9, 12, 6, 15), Map.of("503", 98L));
            List<PhaseResult> phases = List.of(new PhaseResult("before", 1, fine, fine, Map.of()),
                    new PhaseResult("during", 2, failing, fine, Map.of()),
                    new PhaseResult("after", 1, fine, fine, Map.of()));
            List<TimelinePoint> timeline = List.of(new TimelinePoint(0, 20, 0, 100, 0),
                    new TimelinePoint(1, 0, 60, 100, 0), new TimelinePoint(2, 0, 50, 90, 0),
                    new TimelinePoint(3, 20, 0, 100, 0));
            resilience.add(new ResilienceResult("directory-stopped", target, "southwark", "Council directory stopped",
                    6, 0.2, phases, 1, 3, 0.1, 0.5, 0, null, timeline));
        }
        return new SuiteResults("2026-01-01T00:00:00Z", 60, null, Map.of(), null, List.of(), load, resilience, List.of(), List.of(),
                List.of(), List.of(), List.of());
    }
}
