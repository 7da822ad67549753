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
    static final Color BAR = new Color(0x2f6fde), SELECTED = new Color(0xf29900);

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
                if (e.getEntity() instanceof CategoryItemEntity c) {
                    int b = buckets.indexOf(c.getColumnKey().toString());
                    if (b >= 0) clicked.accept(b);
                }
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX e) {}
        });
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
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        buckets.clear();
        selected = -1;
        for (int b = 0; b < g.counts().length; b++) {
            String label = Log2Histogram.low(b) + "–" + Log2Histogram.high(b);
            buckets.add(label);
            ds.addValue(logCounts && g.count(b) == 0 ? null : g.count(b), "count", label);
        }
        JFreeChart chart = ChartFactory.createBarChart(title, h.unit(), logCounts ? "count (log)" : "count", ds, PlotOrientation.VERTICAL, false, true, false);
        chart.addSubtitle(new TextTitle(String.format("%s events · p50 %s · p99 %s · p99.9 %s · max %s · click a bar to list its events",
                Units.count(g.total()), Units.duration(g.p50Ns()), Units.duration(g.p99Ns()), Units.duration(g.p999Ns()), Units.duration(g.maxNs()))));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer r = new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return column == selected ? SELECTED : BAR;
            }
        };
        plot.setRenderer(r);
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.02);
        long total = g.total();
        String unit = h.unit();
        r.setDefaultToolTipGenerator((data, row, column) -> tooltip(buckets.get(column), unit, g.count(column), total));
        if (logCounts) {
            LogAxis counts = new LogAxis("count (log)");
            counts.setBase(10);
            counts.setSmallestValue(0.5);
            counts.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            // bars grow from half an event: a bucket of one event is a bar, not the axis line
            r.setBase(0.5);
            counts.setLowerBound(0.5);
            counts.setUpperBound(Math.max(2, max(g)) * 2.0);
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
