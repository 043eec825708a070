package uk.boroughbroker.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

import javax.imageio.ImageIO;

import uk.boroughbroker.bench.environment.Target;

/**
 * PNG charts drawn with java.awt (headless): throughput and latency per scenario, broker against
 * stock; success rates while a directory fails; and each fault's timeline. No charting library: a
 * few bars and lines do not need one.
 */
final class Charts {

    static final Color BROKER = new Color(0x1F, 0x6F, 0xB4);
    static final Color STOCK = new Color(0xE8, 0x7A, 0x1A);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private Charts() {
    }

    static void write(SuiteResults r, Path folder) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (!r.load().isEmpty()) {
            List<String> scenarios = scenarios(r.load().stream().map(LoadResult::scenario).toList());
            save(bars("Throughput per scenario (requests/s that did what was expected; higher is better)", "requests/s",
                    scenarios, List.of(
                            series("broker", BROKER, r, scenarios, Target.BROKER, l -> l.throughput(), null, null),
                            series("stock", STOCK, r, scenarios, Target.STOCK, l -> l.throughput(), null, null)),
                    false), folder.resolve("throughput.png"));
            save(bars("Latency per scenario: bar p50, whisker to p99, tick at p95 (ms, log scale; lower is better)", "ms",
                    scenarios, List.of(
                            series("broker", BROKER, r, scenarios, Target.BROKER, l -> l.latency().p50Ms(),
                                    l -> l.latency().p95Ms(), l -> l.latency().p99Ms()),
                            series("stock", STOCK, r, scenarios, Target.STOCK, l -> l.latency().p50Ms(),
                                    l -> l.latency().p95Ms(), l -> l.latency().p99Ms())),
                    true), folder.resolve("latency.png"));
        }
        if (!r.resilience().isEmpty()) {
            List<String> faults = scenarios(r.resilience().stream().map(ResilienceResult::scenario).toList());
            String council = r.resilience().get(0).council();
            List<Series> rates = new ArrayList<>();
            rates.add(rate("broker: other councils", BROKER, r, faults, Target.BROKER, false));
            rates.add(rate("stock: other councils", STOCK, r, faults, Target.STOCK, false));
            rates.add(rate("broker: " + council, BROKER.brighter(), r, faults, Target.BROKER, true));
            rates.add(rate("stock: " + council, STOCK.brighter(), r, faults, Target.STOCK, true));
            save(bars("Success rate while " + council + "'s directory fails (% of sign-ins, during the fault)", "%",
                    faults, rates, false), folder.resolve("resilience-success.png"));
            for (String fault : faults) {
                List<ResilienceResult> runs = r.resilience().stream().filter(x -> x.scenario().equals(fault)).toList();
                save(timeline(runs), folder.resolve("resilience-" + fault + ".png"));
            }
        }
    }

    private static List<String> scenarios(List<String> all) {
        Set<String> unique = new LinkedHashSet<>(all);
        return List.copyOf(unique);
    }

    private static void save(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
    }

    /** One bar series; NaN where a scenario has no result for it. */
    record Series(String name, Color color, double[] values, double[] mid, double[] high) {
    }

    private interface Metric extends java.util.function.ToDoubleFunction<LoadResult> {
    }

    private static Series series(String name, Color color, SuiteResults r, List<String> scenarios, String target,
            Metric value, Metric mid, Metric high) {
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

    /** Horizontal grouped bars: one group per category, one bar per series, optional p95/p99 whiskers. */
    static BufferedImage bars(String title, String unit, List<String> categories, List<Series> series, boolean log) {
        int bar = 15;
        int groupGap = 12;
        Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        measure.setFont(LABEL);
        int labelWidth = categories.stream().mapToInt(c -> measure.getFontMetrics().stringWidth(c)).max().orElse(50);
        measure.dispose();
        int left = labelWidth + 24;
        int right = 90;
        int top = 70;
        int width = Math.max(900, left + 600 + right);
        int plotHeight = categories.size() * (series.size() * bar + groupGap);
        int height = top + plotHeight + 50;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);

        double max = 0;
        double minPositive = Double.MAX_VALUE;
        for (Series s : series) {
            for (double[] values : new double[][] {s.values(), s.high()}) {
                if (values == null) {
                    continue;
                }
                for (double v : values) {
                    if (!Double.isNaN(v)) {
                        max = Math.max(max, v);
                        if (v > 0) {
                            minPositive = Math.min(minPositive, v);
                        }
                    }
                }
            }
        }
        Scale scale = log ? Scale.log(minPositive == Double.MAX_VALUE ? 1 : minPositive, Math.max(max, 1))
                : Scale.linear(max);
        int plotWidth = width - left - right;

        g.setFont(TITLE);
        g.setColor(TEXT);
        g.drawString(title, 16, 26);
        legend(g, series.stream().map(s -> new Object[] {s.name(), s.color()}).toList(), 16, 48);

        g.setFont(SMALL);
        for (double tick : scale.ticks()) {
            int x = left + (int) (scale.position(tick) * plotWidth);
            g.setColor(GRID);
            g.drawLine(x, top - 4, x, top + plotHeight);
            g.setColor(TEXT);
            String text = format(tick);
            g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, top + plotHeight + 16);
        }
        g.drawString(unit, left + plotWidth - g.getFontMetrics().stringWidth(unit), top + plotHeight + 34);

        for (int c = 0; c < categories.size(); c++) {
            int groupTop = top + c * (series.size() * bar + groupGap);
            g.setFont(LABEL);
            g.setColor(TEXT);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(categories.get(c), left - 10 - fm.stringWidth(categories.get(c)),
                    groupTop + series.size() * bar / 2 + fm.getAscent() / 2 - 2);
            for (int s = 0; s < series.size(); s++) {
                Series one = series.get(s);
                double v = one.values()[c];
                int y = groupTop + s * bar;
                if (Double.isNaN(v)) {
                    continue;
                }
                int w = (int) Math.round(scale.position(v) * plotWidth);
                g.setColor(one.color());
                g.fillRect(left, y + 1, Math.max(1, w), bar - 3);
                int end = left + w;
                if (one.high() != null && !Double.isNaN(one.high()[c])) {
                    int hi = left + (int) Math.round(scale.position(one.high()[c]) * plotWidth);
                    int mid = left + (int) Math.round(scale.position(one.mid()[c]) * plotWidth);
                    g.setColor(TEXT);
                    g.drawLine(end, y + bar / 2 - 1, hi, y + bar / 2 - 1);
                    g.drawLine(hi, y + 3, hi, y + bar - 5);
                    g.drawLine(mid, y + 5, mid, y + bar - 7);
                    end = hi;
                }
                g.setFont(SMALL);
                g.setColor(TEXT);
                String label = one.high() == null ? format(v) : format(v) + " / " + format(one.mid()[c]) + " / "
                        + format(one.high()[c]);
                g.drawString(label, end + 4, y + bar - 4);
            }
        }
        g.setColor(TEXT);
        g.drawLine(left, top - 4, left, top + plotHeight);
        g.dispose();
        return image;
    }

    /** Per fault: requests completed per second, the fault's council and the others, broker above stock. */
    static BufferedImage timeline(List<ResilienceResult> runs) {
        int width = 1100;
        int panel = 230;
        int top = 70;
        int left = 70;
        int right = 30;
        int height = top + runs.size() * (panel + 50) + 20;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        ResilienceResult first = runs.get(0);
        g.setFont(TITLE);
        g.setColor(TEXT);
        g.drawString(first.fault() + " (" + first.council() + "): requests completed per second; fault shaded", 16, 26);
        Color outageOk = new Color(0x2CA02C);
        Color outageFailed = new Color(0xD6, 0x27, 0x28);
        Color othersOk = new Color(0x1F, 0x6F, 0xB4);
        Color othersFailed = new Color(0x94, 0x67, 0xBD);
        legend(g, List.of(new Object[] {first.council() + " ok", outageOk},
                new Object[] {first.council() + " failed", outageFailed},
                new Object[] {"other councils ok", othersOk}, new Object[] {"other councils failed", othersFailed}), 16, 48);
        int maxSecond = runs.stream().mapToInt(r -> r.timeline().size()).max().orElse(1);
        for (int p = 0; p < runs.size(); p++) {
            ResilienceResult run = runs.get(p);
            int y0 = top + p * (panel + 50) + 20;
            int plotWidth = width - left - right;
            double max = 1;
            for (TimelinePoint point : run.timeline()) {
                max = Math.max(max, Math.max(Math.max(point.outageOk(), point.outageFailed()),
                        Math.max(point.othersOk(), point.othersFailed())));
            }
            Scale scale = Scale.linear(max);
            g.setColor(new Color(0xFD, 0xE0, 0xDD));
            int fx = left + (int) (run.faultStartSecond() / maxSecond * plotWidth);
            int tx = left + (int) (run.restoredSecond() / maxSecond * plotWidth);
            g.fillRect(fx, y0, Math.max(1, tx - fx), panel);
            g.setFont(LABEL);
            g.setColor(TEXT);
            g.drawString(run.target(), left, y0 - 6);
            g.setFont(SMALL);
            for (double tick : scale.ticks()) {
                int y = y0 + panel - (int) (scale.position(tick) * panel);
                g.setColor(GRID);
                g.drawLine(left, y, left + plotWidth, y);
                g.setColor(TEXT);
                g.drawString(format(tick), left - 8 - g.getFontMetrics().stringWidth(format(tick)), y + 4);
            }
            for (int s = 0; s <= maxSecond; s += Math.max(1, maxSecond / 12)) {
                int x = left + (int) ((double) s / maxSecond * plotWidth);
                g.drawString(s + " s", x - 8, y0 + panel + 14);
            }
            line(g, run.timeline(), TimelinePoint::othersOk, othersOk, scale, left, y0, panel, plotWidth, maxSecond);
            line(g, run.timeline(), TimelinePoint::othersFailed, othersFailed, scale, left, y0, panel, plotWidth, maxSecond);
            line(g, run.timeline(), TimelinePoint::outageOk, outageOk, scale, left, y0, panel, plotWidth, maxSecond);
            line(g, run.timeline(), TimelinePoint::outageFailed, outageFailed, scale, left, y0, panel, plotWidth,
                    maxSecond);
            g.setColor(TEXT);
            g.drawRect(left, y0, plotWidth, panel);
        }
        g.dispose();
        return image;
    }

    private static void line(Graphics2D g, List<TimelinePoint> points, ToIntFunction<TimelinePoint> value, Color color,
            Scale scale, int left, int y0, int panel, int plotWidth, int maxSecond) {
        Stroke previous = g.getStroke();
        g.setStroke(new BasicStroke(2f));
        g.setColor(color);
        int px = -1;
        int py = -1;
        for (TimelinePoint point : points) {
            int x = left + (int) ((point.second() + 0.5) / maxSecond * plotWidth);
            int y = y0 + panel - (int) (scale.position(value.applyAsInt(point)) * panel);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        g.setStroke(previous);
    }

    private static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    private static void legend(Graphics2D g, List<Object[]> entries, int x, int y) {
        g.setFont(LABEL);
        int at = x;
        for (Object[] entry : entries) {
            g.setColor((Color) entry[1]);
            g.fillRect(at, y - 10, 14, 12);
            g.setColor(TEXT);
            g.drawString((String) entry[0], at + 18, y);
            at += 18 + g.getFontMetrics().stringWidth((String) entry[0]) + 20;
        }
    }

    static String format(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return String.format("%,.0f", v);
        }
        return v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }

    /** Maps values to 0..1 of the plot, linearly from 0 or by decades. */
    record Scale(boolean log, double min, double max) {

        static Scale linear(double max) {
            return new Scale(false, 0, nice(max));
        }

        static Scale log(double min, double max) {
            return new Scale(true, Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max))));
        }

        double position(double v) {
            if (log) {
                double clamped = Math.max(min, v);
                return (Math.log10(clamped) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
            }
            return max <= 0 ? 0 : v / max;
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double t = min; t <= max * 1.001; t *= 10) {
                    ticks.add(t);
                }
            } else {
                double step = max / 5;
                for (int i = 0; i <= 5; i++) {
                    ticks.add(step * i);
                }
            }
            return ticks;
        }

        /** 1, 2, 2.5 or 5 times a power of ten, at or above the value. */
        static double nice(double value) {
            if (value <= 0) {
                return 1;
            }
            double power = Math.pow(10, Math.floor(Math.log10(value)));
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * power >= value) {
                    return m * power;
                }
            }
            return 10 * power;
        }
    }
}
