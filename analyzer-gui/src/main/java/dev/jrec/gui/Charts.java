package dev.jrec.gui;

import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;

/** JFreeChart colors for the workbench's themes: the charts are drawn with AWT paints, not CSS. */
public final class Charts {
    private Charts() {}

    public static void style(JFreeChart chart, boolean dark) {
        Color bg = dark ? new Color(0x1e2024) : Color.WHITE;
        Color fg = dark ? new Color(0xe6e8eb) : new Color(0x1d1f23);
        Color grid = dark ? new Color(0x44484f) : new Color(0xd5d9de);
        chart.setBackgroundPaint(bg);
        chart.setAntiAlias(true);
        if (chart.getTitle() != null) chart.getTitle().setPaint(fg);
        for (Object t : chart.getSubtitles()) {
            if (t instanceof TextTitle tt) tt.setPaint(fg);
            if (t instanceof LegendTitle lt) {
                lt.setBackgroundPaint(bg);
                lt.setItemPaint(fg);
            }
        }
        Plot p = chart.getPlot();
        p.setBackgroundPaint(bg);
        p.setOutlineVisible(false);
        if (p instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(grid);
            xy.setRangeGridlinePaint(grid);
            for (int i = 0; i < xy.getDomainAxisCount(); i++) axis(xy.getDomainAxis(i), fg);
            for (int i = 0; i < xy.getRangeAxisCount(); i++) axis(xy.getRangeAxis(i), fg);
        } else if (p instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(grid);
            axis(cp.getDomainAxis(), fg);
            axis(cp.getRangeAxis(), fg);
        }
    }

    private static void axis(Axis a, Color fg) {
        if (a == null) return;
        a.setLabelPaint(fg);
        a.setTickLabelPaint(fg);
        a.setAxisLinePaint(fg);
        a.setTickMarkPaint(fg);
    }
}
