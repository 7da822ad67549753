package dev.jrec.gui;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.render.Export;
import dev.jrec.analysis.render.FlameGraph;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        if (!ImageIO.write(b, "png", out.toFile())) throw new IOException("no PNG writer");
    }

    public static void folded(StackProfile p, Path out) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            Export.folded(p, w);
        }
    }

    /** The flame graph as flamegraph.pl draws it, titled for what the workbench shows (e.g. the wall-clock graph). */
    public static void svg(OpenCapture c, Filter f, StackProfile p, String title, Path out) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
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
        Files.writeString(out, g.getSVGDocument(), StandardCharsets.UTF_8);
    }

    /** The postmortem page of the filter ({@code jrec export --as html}); runs queries, so call it off the UI thread. */
    public static void html(OpenCapture c, Filter f, Path out) throws IOException, java.sql.SQLException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            Export.html(c.reports(), f, "jrec workbench", w);
        }
    }
}
