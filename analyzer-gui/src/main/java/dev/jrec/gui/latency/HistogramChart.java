package dev.jrec.gui.latency;

import dev.jrec.analysis.Log2Histogram;
import dev.jrec.gui.Charts;
import dev.jrec.gui.Units;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * One log2 histogram as a JFreeChart bar chart, a bar per bucket like BCC's rows, with its percentiles; bars are
 * clickable, say what they hold on hover, and the bucket whose events are listed stays highlighted. On a log count
 * axis the tail's buckets of a few events are bars one can see and click, not a pixel next to the mode's.
 */
final class HistogramChart {
    static final Color BAR = new Color(0x2f6fde), SELECTED = new Color(0xf29900), BASELINE = new Color(0x9aa0a6);

    private final ChartViewer viewer = new ChartViewer(empty());
    private final List<String> buckets = new ArrayList<>();
    private int selected = -1;
    private BarRenderer renderer;

    /** @param clicked gets the bucket number of a clicked bar */
    HistogramChart(IntConsumer clicked) {
        viewer.getCanvas().setDomainZoomable(false);
        viewer.getCanvas().setRangeZoomable(false);
        viewer.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX e) {
                // the baseline's bars have no events in this capture to list
                if (e.getEntity() instanceof CategoryItemEntity c && c.getDataset().getRowIndex(c.getRowKey()) == 0) {
                    int b = buckets.indexOf(c.getColumnKey().toString());
                    if (b >= 0) clicked.accept(b);
                }
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX e) {}
        });
    }

    /** The series drawn: one (counts), or this capture's and the baseline's (shares of their events). */
    int series() {
        return viewer.getChart().getCategoryPlot().getDataset().getRowCount();
    }

    /** A series' values by bucket, as drawn. */
    List<Number> values(int series) {
        var ds = viewer.getChart().getCategoryPlot().getDataset();
        List<Number> out = new ArrayList<>();
        for (int c = 0; c < ds.getColumnCount(); c++) out.add(ds.getValue(series, c));
        return out;
    }

    ChartViewer viewer() {
        return viewer;
    }

    /** The category label of each bucket, in bucket order: what a click maps back from. */
    List<String> buckets() {
        return buckets;
    }

    /**
     * @param logCounts a log count axis: empty buckets have no bar, a bucket of one event a visible one
     */
    void show(String title, Log2Histogram h, Log2Histogram.Group g, boolean dark, boolean logCounts) {
        show(title, h, g, dark, logCounts, null, null);
    }

    /**
     * @param base the baseline's group to set next to {@code g}, or null; with one, both are drawn as the share of
     *     their events in each bucket, side by side, so that captures of different lengths compare by shape
     */
    void show(String title, Log2Histogram h, Log2Histogram.Group g, boolean dark, boolean logCounts, Log2Histogram.Group base, String baseName) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        buckets.clear();
        selected = -1;
        boolean shares = base != null;
        String here = shares ? "this capture (" + Units.count(g.total()) + ")" : "count";
        String there = shares ? baseName + " (" + Units.count(base.total()) + ")" : null;
        int n = shares ? Math.max(g.counts().length, base.counts().length) : g.counts().length;
        for (int b = 0; b < n; b++) {
            String label = Log2Histogram.low(b) + "–" + Log2Histogram.high(b);
            buckets.add(label);
            long c = b < g.counts().length ? g.count(b) : 0;
            ds.addValue(logCounts && c == 0 ? null : shares ? 100.0 * c / Math.max(1, g.total()) : c, here, label);
            if (shares) {
                long bc = b < base.counts().length ? base.count(b) : 0;
                ds.addValue(logCounts && bc == 0 ? null : 100.0 * bc / Math.max(1, base.total()), there, label);
            }
        }
        String axis = shares ? "% of events" : "count";
        JFreeChart chart = ChartFactory.createBarChart(title, h.unit(), logCounts ? axis + " (log)" : axis, ds, PlotOrientation.VERTICAL, shares, true, false);
        chart.addSubtitle(new TextTitle(String.format("%s events · p50 %s · p99 %s · p99.9 %s · max %s · click a bar to list its events",
                Units.count(g.total()), Units.duration(g.p50Ns()), Units.duration(g.p99Ns()), Units.duration(g.p999Ns()), Units.duration(g.maxNs()))));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer r = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                if (row == 1) return BASELINE;
                return column == selected ? SELECTED : BAR;
            }
        };
        plot.setRenderer(r);
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.02);
        long total = g.total();
        String unit = h.unit();
        r.setDefaultToolTipGenerator((data, row, column) -> row == 1
                ? baseName + ": " + tooltip(buckets.get(column), unit, column < base.counts().length ? base.count(column) : 0, base.total()).replace(" · click to list them", "")
                : tooltip(buckets.get(column), unit, column < g.counts().length ? g.count(column) : 0, total));
        if (shares) {
            r.setSeriesPaint(0, BAR);
            r.setSeriesPaint(1, BASELINE);
            chart.addSubtitle(new TextTitle("against " + baseName + ": p50 " + Units.duration(base.p50Ns()) + " · p99 " + Units.duration(base.p99Ns())
                    + " · max " + Units.duration(base.maxNs())));
        }
        if (logCounts) {
            LogAxis counts = new LogAxis("count (log)");
            counts.setBase(10);
            counts.setSmallestValue(0.5);
            counts.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            // bars grow from half an event: a bucket of one event is a bar, not the axis line
            r.setBase(0.5);
            counts.setLowerBound(0.5);
            counts.setUpperBound(shares ? 200 : Math.max(2, max(g)) * 2.0);
            if (shares) {
                counts.setSmallestValue(0.001);
                counts.setLowerBound(Math.min(0.5, 50.0 / Math.max(1, Math.max(g.total(), base.total()))));
                r.setBase(counts.getLowerBound());
            }
            plot.setRangeAxis(counts);
        }
        renderer = r;
        Charts.style(chart, dark);
        viewer.setChart(chart);
    }

    /** Highlights the bucket whose events are listed (-1: none). */
    void select(int bucket) {
        selected = bucket;
        if (renderer != null) viewer.getChart().fireChartChanged();
    }

    int selected() {
        return selected;
    }

    /** A bar's paint as drawn: the listed bucket's differs. */
    java.awt.Paint paint(int bucket) {
        return renderer == null ? null : renderer.getItemPaint(0, bucket);
    }

    static String tooltip(String bucket, String unit, long count, long total) {
        return String.format(java.util.Locale.ROOT, "%s %s: %s events (%.1f %%) · click to list them", bucket, unit, Units.count(count),
                total == 0 ? 0.0 : 100.0 * count / total);
    }

    private static long max(Log2Histogram.Group g) {
        long m = 0;
        for (int b = 0; b < g.counts().length; b++) m = Math.max(m, g.count(b));
        return m;
    }

    void clear() {
        selected = -1;
        renderer = null;
        buckets.clear();
        viewer.setChart(empty());
    }

    private static JFreeChart empty() {
        return ChartFactory.createBarChart(null, null, null, new DefaultCategoryDataset());
    }
}
