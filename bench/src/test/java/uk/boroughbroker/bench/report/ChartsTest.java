package uk.boroughbroker.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Charts drawn headless")
class ChartsTest {

    @Test
    void whenBarsAreDrawnThenTheImageHoldsEveryCategoryAndGrowsWithThem() {
        System.setProperty("java.awt.headless", "true");
        List<Charts.Series> series = List.of(
                new Charts.Series("broker", Charts.BROKER, new double[] {120, 30, Double.NaN}, null, null),
                new Charts.Series("stock", Charts.STOCK, new double[] {100, 20, 5}, null, null));

        BufferedImage three = Charts.bars("t", "req/s", List.of("a", "b", "c"), series, false);
        BufferedImage one = Charts.bars("t", "req/s", List.of("a"), List.of(new Charts.Series("broker", Charts.BROKER,
                new double[] {1}, null, null)), false);

        assertThat(three.getHeight()).isGreaterThan(one.getHeight());
        assertThat(three.getWidth()).isGreaterThanOrEqualTo(900);
    }

    @Test
    void whenALogScaleIsUsedThenItSpansWholeDecadesAroundTheValues() {
        Charts.Scale scale = Charts.Scale.log(3.2, 4500);

        assertThat(scale.ticks()).containsExactly(1.0, 10.0, 100.0, 1000.0, 10000.0);
        assertThat(scale.position(1)).isZero();
        assertThat(scale.position(10000)).isEqualTo(1.0);
        assertThat(Charts.Scale.nice(430)).isEqualTo(500);
        assertThat(Charts.Scale.nice(101)).isEqualTo(200);
    }
}
