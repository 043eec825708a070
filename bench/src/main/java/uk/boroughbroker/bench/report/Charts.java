package uk.boroughbroker.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import uk.boroughbroker.bench.environment.Target;

/**
 * PNG charts drawn with JFreeChart (headless): throughput and latency per scenario, broker against
 * stock; success rates while a directory fails; and each fault's timeline (decision 0023).
 */
final class Charts {

    static final Color BROKER = new Color(0x1F, 0x6F, 0xB4);
    static final Color STOCK = new Color(0xE8, 0x7A, 0x1A);
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    /** Axis ticks: 1, 10, 1,000. */
    private static final NumberFormat TICKS = new DecimalFormat("#,##0.##");
    static final int WIDTH = 900;
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color FAULT = new Color(0xFD, 0xE0, 0xDD);
    private static final StandardChartTheme THEME = theme();

    private Charts() {
    }

    static void write(SuiteResults r, Path folder) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (!r.load().isEmpty()) {
            List<String> scenarios = distinct(r.load().stream().map(LoadResult::scenario).toList());
            List<Series> throughput = List.of(
                    series("broker", BROKER, r, scenarios, Target.BROKER, LoadResult::throughput, null, null),
                    series("stock", STOCK, r, scenarios, Target.STOCK, LoadResult::throughput, null, null));
            save(bars("Throughput per scenario (requests/s that did what was expected; higher is better)",
                    "requests/s", scenarios, throughput, false), height(scenarios, throughput),
                    folder.resolve("throughput.png"));
            List<Series> latency = List.of(
                    series("broker", BROKER, r, scenarios, Target.BROKER, l -> l.latency().p50Ms(),
                            l -> l.latency().p95Ms(), l -> l.latency().p99Ms()),
                    series("stock", STOCK, r, scenarios, Target.STOCK, l -> l.latency().p50Ms(),
                            l -> l.latency().p95Ms(), l -> l.latency().p99Ms()));
            save(bars("Latency per scenario: bar p50, whisker to p99, tick at p95 (ms, log scale; lower is better)",
                    "ms", scenarios, latency, true), height(scenarios, latency), folder.resolve("latency.png"));
        }
        if (!r.resilience().isEmpty()) {
            List<String> faults = distinct(r.resilience().stream().map(ResilienceResult::scenario).toList());
            String council = r.resilience().get(0).council();
            List<Series> rates = List.of(
                    rate("broker: other councils", BROKER, r, faults, Target.BROKER, false),
                    rate("stock: other councils", STOCK, r, faults, Target.STOCK, false),
                    rate("broker: " + council, BROKER.brighter(), r, faults, Target.BROKER, true),
                    rate("stock: " + council, STOCK.brighter(), r, faults, Target.STOCK, true));
            save(bars("Success rate while " + council + "'s directory fails (% of sign-ins, during the fault)", "%",
                    faults, rates, false), height(faults, rates), folder.resolve("resilience-success.png"));
            for (String fault : faults) {
                List<ResilienceResult> runs = r.resilience().stream().filter(x -> x.scenario().equals(fault))
                        .sorted(Comparator.comparing(x -> !x.target().equals(Target.BROKER))).toList();
                save(timeline(runs), 120 + runs.size() * 260, folder.resolve("resilience-" + fault + ".png"));
            }
        }
    }

    /** One bar series; NaN where a category has no result for it; p95 ({@code mid}) and p99 ({@code high}) or null. */
    record Series(String name, Color color, double[] values, double[] mid, double[] high) {
    }

    /** Horizontal grouped bars: one group per category, one bar per series, p95/p99 whiskers where given. */
    static JFreeChart bars(String title, String unit, List<String> categories, List<Series> series, boolean log) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Series s : series) {
            for (int c = 0; c < categories.size(); c++) {
                data.addValue(Double.isNaN(s.values()[c]) ? null : s.values()[c], s.name(), categories.get(c));
            }
        }
        boolean whiskers = series.stream().anyMatch(s -> s.high() != null);
        BarRenderer renderer = whiskers ? new WhiskerRenderer(series) : new BarRenderer();
        if (!whiskers) {
            renderer.setDefaultItemLabelGenerator(new Labels());
            renderer.setDefaultItemLabelsVisible(true);
            renderer.setDefaultPositiveItemLabelPosition(
                    new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
            renderer.setDefaultItemLabelFont(SMALL);
        }
        renderer.setItemMargin(0.05);
        // Our colours, not the theme's: broker blue and stock orange in every chart.
        renderer.setAutoPopulateSeriesPaint(false);
        for (int s = 0; s < series.size(); s++) {
            renderer.setSeriesPaint(s, series.get(s).color());
        }
        ValueAxis axis = log ? logAxis(unit, series) : new NumberAxis(unit);
        axis.setUpperMargin(0.12);
        CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(), axis, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.getDomainAxis().setCategoryMargin(0.25);
        return chart(title, plot);
    }

    /** Pixels for {@code categories} groups of {@code series} bars: a readable bar whatever the count. */
    static int height(List<String> categories, List<Series> series) {
        return 130 + categories.size() * (series.size() * 16 + 16);
    }

    /** From a whole decade below every value, past every whisker end and its label. */
    private static LogAxis logAxis(String unit, List<Series> series) {
        double min = Double.MAX_VALUE;
        double max = 1;
        for (Series s : series) {
            for (double[] values : new double[][] {s.values(), s.high()}) {
                for (double v : values == null ? new double[0] : values) {
                    if (v > 0) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        min = min == Double.MAX_VALUE ? 1 : min;
        LogAxis axis = new LogAxis(unit);
        // A fixed range takes no margins: five times the longest whisker leaves room for its label.
        axis.setRange(new Range(Math.pow(10, Math.floor(Math.log10(min))),
                Math.max(Math.pow(10, Math.ceil(Math.log10(max))), max * 5)));
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setNumberFormatOverride(TICKS);
        return axis;
    }

    /** Per fault: requests completed per second, the fault's council and the others; a panel per run, in order. */
    static JFreeChart timeline(List<ResilienceResult> runs) {
        ResilienceResult first = runs.get(0);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("seconds since the load started"));
        plot.setGap(16);
        for (ResilienceResult run : runs) {
            XYSeriesCollection data = new XYSeriesCollection();
            data.addSeries(line(first.council() + " ok", run, TimelinePoint::outageOk));
            data.addSeries(line(first.council() + " failed", run, TimelinePoint::outageFailed));
            data.addSeries(line("other councils ok", run, TimelinePoint::othersOk));
            data.addSeries(line("other councils failed", run, TimelinePoint::othersFailed));
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            renderer.setAutoPopulateSeriesPaint(false);
            renderer.setAutoPopulateSeriesStroke(false);
            List<Color> colors = List.of(new Color(0x2CA02C), new Color(0xD62728), BROKER, new Color(0x9467BD));
            for (int s = 0; s < colors.size(); s++) {
                renderer.setSeriesPaint(s, colors.get(s));
                renderer.setSeriesStroke(s, new BasicStroke(2f));
            }
            // The same four lines in every panel: the legend names them once.
            renderer.setDefaultSeriesVisibleInLegend(run == first);
            NumberAxis perSecond = new NumberAxis(run.target() + ": requests/s");
            perSecond.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            XYPlot panel = new XYPlot(data, null, perSecond, renderer);
            IntervalMarker fault = new IntervalMarker(run.faultStartSecond(), run.restoredSecond(), FAULT);
            fault.setLabel("fault");
            fault.setLabelFont(SMALL);
            fault.setLabelBackgroundColor(FAULT);
            fault.setLabelAnchor(RectangleAnchor.TOP);
            fault.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            panel.addDomainMarker(fault, Layer.BACKGROUND);
            plot.add(panel);
        }
        return chart(first.fault() + " (" + first.council() + "): requests completed per second; fault shaded", plot);
    }

    private static XYSeries line(String name, ResilienceResult run, ToIntFunction<TimelinePoint> value) {
        XYSeries series = new XYSeries(name, false, true);
        // A point stands for its whole second: plotted at the second's middle.
        run.timeline().forEach(p -> series.add(p.second() + 0.5, value.applyAsInt(p)));
        return series;
    }

    private static JFreeChart chart(String title, Plot plot) {
        JFreeChart chart = new JFreeChart(title, plot);
        THEME.apply(chart);
        chart.getLegend().setPosition(RectangleEdge.TOP);
        chart.getLegend().setHorizontalAlignment(HorizontalAlignment.LEFT);
        chart.getTitle().setHorizontalAlignment(HorizontalAlignment.LEFT);
        return chart;
    }

    /** JFreeChart's own theme, on white with light grid lines and without gradients or shadows. */
    private static StandardChartTheme theme() {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        theme.setSmallFont(SMALL);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setItemLabelPaint(TEXT);
        return theme;
    }

    /** Bar values as the tables round them: 1,234 / 56.7 / 0.58. */
    static String format(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return String.format("%,.0f", v);
        }
        return v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }

    /** Each bar's value, {@link #format formatted}. */
    private static final class Labels extends StandardCategoryItemLabelGenerator {

        private static final long serialVersionUID = 1L;

        @Override
        public String generateLabel(CategoryDataset dataset, int row, int column) {
            Number value = dataset.getValue(row, column);
            return value == null ? null : format(value.doubleValue());
        }
    }

    private static void save(JFreeChart chart, int height, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, height);
    }

    private static List<String> distinct(List<String> all) {
        return List.copyOf(new LinkedHashSet<>(all));
    }

    private static Series series(String name, Color color, SuiteResults r, List<String> scenarios, String target,
            ToDoubleFunction<LoadResult> value, ToDoubleFunction<LoadResult> mid, ToDoubleFunction<LoadResult> high) {
        double[] values = new double[scenarios.size()];
        double[] mids = mid == null ? null : new double[scenarios.size()];
        double[] highs = high == null ? null : new double[scenarios.size()];
        for (int i = 0; i < scenarios.size(); i++) {
            String scenario = scenarios.get(i);
            Optional<LoadResult> result = r.load().stream()
                    .filter(l -> l.scenario().equals(scenario) && l.target().equals(target)).findFirst();
            values[i] = result.map(value::applyAsDouble).orElse(Double.NaN);
            if (mids != null) {
                mids[i] = result.map(mid::applyAsDouble).orElse(Double.NaN);
                highs[i] = result.map(high::applyAsDouble).orElse(Double.NaN);
            }
        }
        return new Series(name, color, values, mids, highs);
    }

    private static Series rate(String name, Color color, SuiteResults r, List<String> faults, String target,
            boolean outage) {
        double[] values = new double[faults.size()];
        for (int i = 0; i < faults.size(); i++) {
            String fault = faults.get(i);
            values[i] = r.resilience().stream().filter(x -> x.scenario().equals(fault) && x.target().equals(target))
                    .findFirst().map(x -> x.phases().get(1)).map(p -> (outage ? p.outageCouncil() : p.otherCouncils())
                            .successRate() * 100).orElse(Double.NaN);
        }
        return new Series(name, color, values, null, null);
    }
}
