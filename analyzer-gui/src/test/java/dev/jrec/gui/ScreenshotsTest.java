package dev.jrec.gui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Screenshots of each view of the real app on the sample captures, for docs/ and the README:
 * {@code bench/gui-screenshots.sh} runs this with {@code -Djrec.screenshots=DIR}.
 */
@EnabledIfSystemProperty(named = "jrec.screenshots", matches = ".+")
class ScreenshotsTest {
    @Test
    void everyView() throws Exception {
        Path out = Path.of(System.getProperty("jrec.screenshots")).toAbsolutePath();
        Files.createDirectories(out);
        WorkbenchWindow w = Workbenches.open(Fx.sample("cpu-contention"));
        try {
            shot(w, out.resolve("gui-overview.png"));
            Fx.run(() -> w.select(w.latency()));
            Fx.settle(w);
            shot(w, out.resolve("gui-latency.png"));
            Fx.run(() -> w.select(w.timeline()));
            Fx.settle(w);
            Node canvas = Fx.call(() -> w.timeline().exportNode());
            Fx.run(() -> Fx.drag(canvas, 700, 60, 820));
            Fx.settle(w);
            shot(w, out.resolve("gui-timeline.png"));
            Fx.run(() -> w.open(Fx.sample("lock-contention")));
            Fx.settle(w);
            Fx.run(() -> w.select(w.flame()));
            Fx.settle(w);
            shot(w, out.resolve("gui-flamegraph.png"));
            Fx.run(() -> w.flame().graph(dev.jrec.gui.flame.Graph.WALL_CLOCK));
            Fx.settle(w);
            shot(w, out.resolve("gui-flamegraph-wallclock.png"));
            Fx.run(() -> w.open(Fx.sample("io-burst")));
            Fx.settle(w);
            Fx.run(() -> w.select(w.latency()));
            Fx.settle(w);
            Fx.run(() -> w.latency().select(dev.jrec.gui.latency.Latency.BIOLATENCY, dev.jrec.analysis.Grouping.FLAGS));
            Fx.settle(w);
            shot(w, out.resolve("gui-biolatency.png"));
            Fx.run(() -> w.select(w.timeline()));
            Fx.settle(w);
            shot(w, out.resolve("gui-timeline-io.png"));
            Fx.run(() -> w.open(Fx.sample("user-probes")));
            Fx.settle(w);
            Fx.run(() -> w.select(w.latency()));
            Fx.settle(w);
            Fx.run(() -> w.latency().select(dev.jrec.gui.latency.Latency.FUNCLATENCY, dev.jrec.analysis.Grouping.NONE));
            Fx.settle(w);
            shot(w, out.resolve("gui-funclatency.png"));
            long[] call = new long[3];
            try (var st = w.capture().connection().createStatement();
                 var rs = st.executeQuery("SELECT start_ts, ts, tid FROM uprobe_call WHERE func = 'hold' ORDER BY ts LIMIT 1 OFFSET 200")) {
                rs.next();
                for (int i = 0; i < 3; i++) call[i] = rs.getLong(i + 1);
            }
            // 10 ms around one hold(): the lockers' calls along their lanes, one at a time on the mutex
            Fx.run(() -> w.reveal(call[0] - 4_000_000, call[1] + 4_000_000, (int) call[2]));
            Fx.settle(w);
            Thread.sleep(500); // the detail of a new view is asked for after a pause
            Fx.settle(w);
            shot(w, out.resolve("gui-timeline-calls.png"));
            Fx.run(() -> w.select(w.sql()));
            Fx.settle(w);
            Fx.run(() -> w.dark(true));
            Fx.run(() -> w.select(w.overview()));
            Fx.settle(w);
            shot(w, out.resolve("gui-overview-dark.png"));
        } finally {
            Workbenches.close(w);
        }
    }

    private static void shot(WorkbenchWindow w, Path file) throws Exception {
        Fx.pulse();
        BufferedImage img = Fx.call(() -> SwingFXUtils.fromFXImage(w.stage().getScene().snapshot(null), null));
        ImageIO.write(img, "png", file.toFile());
        System.out.println("wrote " + file);
    }
}
