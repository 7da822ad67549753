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

/** One log2 histogram as a JFreeChart bar chart, a bar per bucket like BCC's rows, with its percentiles; bars are clickable. */
final class HistogramChart {
    private final ChartViewer viewer = new ChartViewer(empty());
    private final List<String> buckets = new ArrayList<>();

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

    void show(String title, Log2Histogram h, Log2Histogram.Group g, boolean dark) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        buckets.clear();
        for (int b = 0; b < g.counts().length; b++) {
            String label = Log2Histogram.low(b) + "–" + Log2Histogram.high(b);
            buckets.add(label);
            ds.addValue(g.count(b), "count", label);
        }
        JFreeChart chart = ChartFactory.createBarChart(title, h.unit(), "count", ds, PlotOrientation.VERTICAL, false, true, false);
        chart.addSubtitle(new TextTitle(String.format("%s events · p50 %s · p99 %s · p99.9 %s · max %s · click a bar to list its events",
                Units.count(g.total()), Units.duration(g.p50Ns()), Units.duration(g.p99Ns()), Units.duration(g.p999Ns()), Units.duration(g.maxNs()))));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x2f6fde));
        r.setItemMargin(0.02);
        Charts.style(chart, dark);
        viewer.setChart(chart);
    }

    void clear() {
        buckets.clear();
        viewer.setChart(empty());
    }

    private static JFreeChart empty() {
        return ChartFactory.createBarChart(null, null, null, new DefaultCategoryDataset());
    }
}
