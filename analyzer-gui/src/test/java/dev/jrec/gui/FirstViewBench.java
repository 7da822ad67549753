package dev.jrec.gui;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Time to the first view of a capture and to each other view, in the real app: bench/gui-perf.sh runs it with
 * {@code -Djrec.bench=CAPTURE} (not part of the test suite).
 */
@EnabledIfSystemProperty(named = "jrec.bench", matches = ".+")
class FirstViewBench {
    @Test
    void firstViews() throws Exception {
        Path capture = Path.of(System.getProperty("jrec.bench"));
        if (!capture.toString().endsWith(".parquet")) capture = Fx.sample("cpu-contention");
        long t0 = System.nanoTime();
        WorkbenchWindow w = Workbenches.create();
        double fxMs = (System.nanoTime() - t0) / 1e6;
        try {
            long t1 = System.nanoTime();
            Path c = capture;
            Fx.run(() -> w.open(c));
            while (Fx.call(() -> w.overview().node().lookupAll(".fact-value").isEmpty())) Thread.sleep(5);
            double first = (System.nanoTime() - t1) / 1e6;
            while (Fx.call(() -> w.overview().node().lookupAll(".table-view").isEmpty())) Thread.sleep(5);
            double summary = (System.nanoTime() - t1) / 1e6;
            Fx.settle(w);
            double charts = (System.nanoTime() - t1) / 1e6;
            StringBuilder sb = new StringBuilder(String.format("%s (%,d bytes): JavaFX up and window shown in %.0f ms; open to first view (the footer's facts) %.0f ms,"
                    + " summary with top processes %.0f ms, overview with its CPU chart %.0f ms", capture.getFileName(), java.nio.file.Files.size(capture),
                    fxMs, first, summary, charts));
            for (CaptureView v : java.util.List.of(w.latency(), w.timeline(), w.flame())) {
                long s = System.nanoTime();
                Fx.run(() -> w.select(v));
                Fx.settle(w);
                sb.append(String.format("; %s %.0f ms", v.title(), (System.nanoTime() - s) / 1e6));
            }
            System.out.println(sb);
        } finally {
            Workbenches.close(w);
        }
    }
}
