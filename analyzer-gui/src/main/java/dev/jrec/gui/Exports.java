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

    /** A snapshot of the node as it is drawn; call on the UI thread. */
    public static void png(Node node, Path out) throws IOException {
        WritableImage img = node.snapshot(new SnapshotParameters(), null);
        BufferedImage b = SwingFXUtils.fromFXImage(img, null);
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
    public static void svg(JFreeChart chart, double width, double height, Path out) throws IOException {
        int w = (int) Math.max(200, Math.round(width)), h = (int) Math.max(150, Math.round(height));
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
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
