package dev.jrec.gui;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Grouping;
import dev.jrec.gui.latency.Latency;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/** Two captures side by side: the overview's top processes with the baseline's, the latency histograms overlaid. */
class CompareTest {
    @Test
    void aBaselineCaptureIsComparedInTheOverviewAndTheHistograms() throws Exception {
        WorkbenchWindow w = Workbenches.open(Fx.sample("lock-contention"));
        try {
            Fx.run(() -> w.compareWith(Fx.sample("cpu-contention")));
            Fx.settle(w);
            assertNotNull(Fx.call(w::baseline));
            List<String> labels = Fx.call(() -> w.overview().node().lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList());
            assertTrue(labels.stream().anyMatch(l -> l.startsWith("Compared with cpu-contention.parquet")), labels.toString());
            assertTrue(labels.contains("top processes by CPU time vs cpu-contention.parquet"), labels.toString());
            // lockdemo ran only here, busy only in the baseline: both rows, each with the other side 0
            List<List<String>> tables = Fx.call(() -> w.overview().node().lookupAll(".table-view").stream()
                    .map(n -> ((TableView<?>) n).getItems().stream().map(r -> ((List<?>) r).get(0) + "").toList()).toList());
            List<String> rows = tables.stream().filter(r -> r.contains("busy")).findFirst().orElse(List.of());
            assertTrue(rows.contains("lockdemo") && rows.contains("busy"), tables.toString());

            Fx.run(() -> w.select(w.latency()));
            Fx.settle(w);
            Fx.run(() -> w.latency().select(Latency.RUNQLAT, Grouping.NONE));
            Fx.settle(w);
            assertEquals(2, (int) Fx.call(() -> w.latency().chartSeries()), "this capture's bars and the baseline's");
            double sum = Fx.call(() -> w.latency().chartValues(1)).stream().mapToDouble(n -> n == null ? 0 : n.doubleValue()).sum();
            assertEquals(100.0, sum, 0.01, "the baseline as shares of its events");

            Fx.run(() -> w.compareWith(null));
            Fx.settle(w);
            assertEquals(1, (int) Fx.call(() -> w.latency().chartSeries()), "comparing stopped");
        } finally {
            Workbenches.close(w);
        }
    }
}
