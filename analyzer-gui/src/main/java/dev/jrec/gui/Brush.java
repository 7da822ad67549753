package dev.jrec.gui;

import java.awt.geom.Rectangle2D;
import java.util.function.BiConsumer;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;

/**
 * Drag-selection of a domain range on an XY chart: the brush of linked brushing. JFreeChart's own drag zooms
 * the chart; here a drag selects a time range for every view instead, so zooming is turned off.
 */
public final class Brush {
    private final ChartViewer viewer;
    private final BiConsumer<Double, Double> selected;
    private double startX = Double.NaN;

    private Brush(ChartViewer viewer, BiConsumer<Double, Double> selected) {
        this.viewer = viewer;
        this.selected = selected;
    }

    /** @param selected gets the selected domain range, low first, in the domain's units */
    public static void attach(ChartViewer viewer, BiConsumer<Double, Double> selected) {
        Brush b = new Brush(viewer, selected);
        viewer.getCanvas().setDomainZoomable(false);
        viewer.getCanvas().setRangeZoomable(false);
        viewer.getCanvas().addEventHandler(MouseEvent.MOUSE_PRESSED, b::pressed);
        viewer.getCanvas().addEventHandler(MouseEvent.MOUSE_DRAGGED, b::dragged);
        viewer.getCanvas().addEventHandler(MouseEvent.MOUSE_RELEASED, b::released);
    }

    private Rectangle2D dataArea() {
        ChartRenderingInfo info = viewer.getCanvas().getRenderingInfo();
        return info == null ? null : info.getPlotInfo().getDataArea();
    }

    private void pressed(MouseEvent e) {
        Rectangle2D a = dataArea();
        startX = e.getButton() == MouseButton.PRIMARY && a != null && a.contains(e.getX(), e.getY()) ? e.getX() : Double.NaN;
    }

    private void dragged(MouseEvent e) {
        Rectangle2D a = dataArea();
        if (Double.isNaN(startX) || a == null) return;
        double x = clamp(e.getX(), a);
        viewer.showZoomRectangle(Math.min(startX, x), a.getY(), Math.abs(x - startX), a.getHeight());
    }

    private void released(MouseEvent e) {
        Rectangle2D a = dataArea();
        viewer.hideZoomRectangle();
        if (Double.isNaN(startX) || a == null) return;
        double x = clamp(e.getX(), a);
        if (Math.abs(x - startX) >= 3) {
            XYPlot plot = viewer.getChart().getXYPlot();
            double v1 = plot.getDomainAxis().java2DToValue(startX, a, plot.getDomainAxisEdge());
            double v2 = plot.getDomainAxis().java2DToValue(x, a, plot.getDomainAxisEdge());
            selected.accept(Math.min(v1, v2), Math.max(v1, v2));
        }
        startX = Double.NaN;
    }

    private static double clamp(double x, Rectangle2D a) {
        return Math.max(a.getMinX(), Math.min(a.getMaxX(), x));
    }
}
