package uk.boroughbroker.bench.report;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;

/**
 * Bars at p50 with a whisker to p99, a tick at p95 and the three values after it. JFreeChart's error
 * bars are symmetric (StatisticalBarRenderer: mean and standard deviation) and its box plots want
 * quartiles, so the whisker is drawn here, on the bar JFreeChart placed. Horizontal plots only.
 */
final class WhiskerRenderer extends BarRenderer {

    private static final long serialVersionUID = 1L;

    /** Not serialised: a renderer of one chart, written to PNG at once. */
    private final transient List<Charts.Series> series;

    WhiskerRenderer(List<Charts.Series> series) {
        this.series = List.copyOf(series);
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
            CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
        super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
        Charts.Series one = series.get(row);
        if ( Double.isNaN(one.values()[column]) || Double.isNaN(one.high()[column])) {
            return;
        }
        RectangleEdge edge = plot.getRangeAxisEdge();
        double y = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state,
                state.getVisibleSeriesIndex(row), column)
                + state.getBarWidth() / 2;
        double p50 = rangeAxis.valueToJava2D(one.values()[column], dataArea, edge);
        double p95 = rangeAxis.valueToJava2D(one.mid()[column], dataArea, edge);
        double p99 = rangeAxis.valueToJava2D(one.high()[column], dataArea, edge);
        double half = state.getBarWidth() / 3;
        g2.setPaint(Charts.TEXT);
        g2.setStroke(new BasicStroke(1f));
        g2.draw(new Line2D.Double(p50, y, p99, y));
        g2.draw(new Line2D.Double(p99, y - half, p99, y + half));
        g2.draw(new Line2D.Double(p95, y - half / 2, p95, y + half / 2));
        g2.setFont(Charts.SMALL);
        TextUtils.drawAlignedString(Charts.format(one.values()[column]) + " / " + Charts.format(one.mid()[column])
                + " / " + Charts.format(one.high()[column]), g2, (float) p99 + 4, (float) y, TextAnchor.CENTER_LEFT);
    }
}
