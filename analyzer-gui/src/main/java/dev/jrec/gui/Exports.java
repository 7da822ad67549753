package dev.jrec.gui;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.render.Export;
import dev.jrec.analysis.render.FlameGraph;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import dev.jrec.formats.parquet.PrivateFiles;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** Writing what is on screen: a PNG of a view, a chart's SVG, folded stacks, a flame graph SVG, the HTML postmortem of the filter. */
public final class Exports {
    private Exports() {}

    /** Pixels of the caption band over an exported PNG. */
    public static final int CAPTION = 22;

    /**
     * What an exported picture says about itself, so that it still means something pasted into a postmortem: the
     * view, the capture (file, host, span) and the filter. E.g. {@code Timeline · cpu.parquet · vm · 3.86 s · time ...}.
     */
    public static String caption(String view, String capture, String filter) {
        return view + " · " + capture + " · " + filter;
    }

    /** A snapshot of the node as it is drawn under a band with {@code caption}; call on the UI thread. */
    public static void png(Node node, String caption, Path out) throws IOException {
        WritableImage img = node.snapshot(new SnapshotParameters(), null);
        BufferedImage view = SwingFXUtils.fromFXImage(img, null);
        BufferedImage b = new BufferedImage(view.getWidth(), view.getHeight() + CAPTION, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = b.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, b.getWidth(), CAPTION);
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new java.awt.Color(0x1d1f23));
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
            g.drawString(caption, 6, CAPTION - 7);
            g.drawImage(view, 0, CAPTION, null);
        } finally {
            g.dispose();
        }
        try (var o = PrivateFiles.newOutputStream(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            if (!ImageIO.write(b, "png", o)) throw new IOException("no PNG writer");
        }
    }

    public static void folded(StackProfile p, Path out) throws IOException {
        try (PrintWriter w = writer(out)) {
            Export.folded(p, w);
        }
    }

    /** The flame graph as flamegraph.pl draws it, titled for what the workbench shows (e.g. the wall-clock graph). */
    public static void svg(OpenCapture c, Filter f, StackProfile p, String title, Path out) throws IOException {
        try (PrintWriter w = writer(out)) {
            FlameGraph.write(p, title, Export.subtitle(c.reports(), f, p), true, w);
        }
    }

    /**
     * A chart as SVG, drawn by JFreeChart at the size it has on screen (JFreeSVG's Graphics2D): text stays text and
     * the bars and lines stay shapes, so it scales in a document. Call on the UI thread.
     */
    public static void svg(JFreeChart chart, String caption, double width, double height, Path out) throws IOException {
        int w = (int) Math.max(200, Math.round(width)), h = (int) Math.max(150, Math.round(height));
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        // the caption is drawn into the file, not added to the chart on screen
        org.jfree.chart.title.TextTitle note = new org.jfree.chart.title.TextTitle(caption, new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        note.setPosition(org.jfree.chart.ui.RectangleEdge.BOTTOM);
        chart.setNotify(false);
        chart.addSubtitle(note);
        try {
            chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
        } finally {
            chart.removeSubtitle(note);
            chart.setNotify(true);
        }
        try (PrintWriter o = writer(out)) {
            o.write(g.getSVGDocument());
        }
    }

    /** The postmortem page of the filter ({@code jrec export --as html}); runs queries, so call it off the UI thread. */
    public static void html(OpenCapture c, Filter f, Path out) throws IOException, java.sql.SQLException {
        try (PrintWriter w = writer(out)) {
            Export.html(c.reports(), f, "jrec workbench", w);
        }
    }

    /** Exports hold what the capture does (command lines, paths): the user's only, as the capture is. */
    private static PrintWriter writer(Path out) throws IOException {
        return new PrintWriter(new java.io.BufferedWriter(new java.io.OutputStreamWriter(
                PrivateFiles.newOutputStream(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING), StandardCharsets.UTF_8)));
    }
}
