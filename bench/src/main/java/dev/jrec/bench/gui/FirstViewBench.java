package dev.jrec.bench.gui;

import dev.jrec.gui.CaptureView;
import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Time to the first view of a capture and to each other view, in the real app with JavaFX already up (LaunchBench
 * measures from the JVM's start): bench/gui-perf.sh runs it once per fresh JVM. End to end (queries, layout, charts),
 * so a plain main: JMH's repeated invocations would time a warm cache, not what a user waits for.
 *
 * <pre>java ... dev.jrec.bench.gui.FirstViewBench CAPTURE</pre>
 */
public final class FirstViewBench {
    private FirstViewBench() {}

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        long t0 = System.nanoTime();
        WorkbenchWindow w = Workbenches.create();
        double fxMs = (System.nanoTime() - t0) / 1e6;
        try {
            long t1 = System.nanoTime();
            Fx.run(() -> w.open(capture));
            while (Fx.call(() -> w.overview().node().lookupAll(".fact-value").isEmpty())) Thread.sleep(5);
            double first = (System.nanoTime() - t1) / 1e6;
            while (Fx.call(() -> w.overview().node().lookupAll(".table-view").isEmpty())) Thread.sleep(5);
            double summary = (System.nanoTime() - t1) / 1e6;
            Fx.settle(w);
            double charts = (System.nanoTime() - t1) / 1e6;
            StringBuilder sb = new StringBuilder(String.format("%s (%,d bytes): JavaFX up and window shown in %.0f ms; open to first view (the footer's facts) %.0f ms,"
                    + " summary with top processes %.0f ms, overview with its CPU chart %.0f ms", capture.getFileName(), Files.size(capture),
                    fxMs, first, summary, charts));
            for (CaptureView v : List.of(w.latency(), w.timeline(), w.flame())) {
                long s = System.nanoTime();
                Fx.run(() -> w.select(v));
                Fx.settle(w);
                sb.append(String.format("; %s %.0f ms", v.title(), (System.nanoTime() - s) / 1e6));
            }
            System.out.println(sb);
        } finally {
            Workbenches.close(w);
        }
        System.exit(0);
    }
}
