package dev.jrec.gui.latency;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Grouping;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * funclatency in the Latency tab, on the user-probes sample: lockdemo's pthread_mutex_lock and hold() timed to their
 * return (outside() is an untimed uprobe), chosen beside the histogram.
 */
class FunclatencyViewTest {
    static WorkbenchWindow w;

    @BeforeAll
    static void open() throws Exception {
        w = Workbenches.open(Fx.sample("user-probes"));
        Fx.run(() -> w.select(w.latency()));
        Fx.settle(w);
    }

    @AfterAll
    static void close() throws Exception {
        Workbenches.close(w);
    }

    private static long sql(String query) throws Exception {
        try (Statement st = w.capture().connection().createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long total(Log2Histogram h) {
        return h.groups().stream().mapToLong(Log2Histogram.Group::total).sum();
    }

    @Test
    void aTimedFunctionChosenBesideItsHistogram() throws Exception {
        Fx.run(() -> w.latency().select(Latency.FUNCLATENCY, Grouping.NONE));
        Fx.settle(w);
        List<String> choices = Fx.call(() -> List.copyOf(w.latency().subjectChooser().getItems()));
        assertEquals(Set.of("pthread_mutex_lock", "hold"), Set.copyOf(choices), "the timed functions; outside() is not timed");
        assertTrue(Fx.call(() -> w.latency().subjectChooser().isVisible()));

        Fx.run(() -> w.latency().subjectChooser().setValue("hold"));
        Fx.settle(w);
        HistogramView.Shown hold = Fx.call(() -> w.latency().shown());
        assertEquals("hold", hold.subject());
        assertEquals(sql("SELECT count(*) FROM uprobe_call WHERE kind = 'uretprobe' AND func = 'hold'"), total(hold.histogram()));
        assertTrue(total(hold.histogram()) > 100, "lockdemo's 4 threads hold the mutex hundreds of times in 2 s");
        // hold() spins for 1 ms: no call in the microsecond buckets under 512 µs
        Log2Histogram.Group held = hold.histogram().groups().getFirst();
        for (int b = 0; b < 9; b++) assertEquals(0, held.count(b), "hold() calls under 512 us, bucket " + b);

        Fx.run(() -> w.latency().subjectChooser().setValue("pthread_mutex_lock"));
        Fx.settle(w);
        HistogramView.Shown lock = Fx.call(() -> w.latency().shown());
        assertEquals(sql("SELECT count(*) FROM uprobe_call WHERE kind = 'uretprobe' AND func = 'pthread_mutex_lock'"), total(lock.histogram()));

        // a bar lists the calls it counts
        Log2Histogram.Group g = lock.histogram().groups().getFirst();
        int bucket = 0;
        for (int b = 0; b < g.counts().length; b++) if (g.count(b) > g.count(bucket)) bucket = b;
        int fullest = bucket;
        String label = Fx.call(() -> w.latency().chart().buckets()).get(fullest);
        java.awt.geom.Rectangle2D bar = null;
        for (Object o : Fx.call(() -> w.latency().chart().viewer().getCanvas().getRenderingInfo().getEntityCollection().getEntities())) {
            if (o instanceof org.jfree.chart.entity.CategoryItemEntity c && c.getColumnKey().toString().equals(label)) bar = c.getArea().getBounds2D();
        }
        assertNotNull(bar, "bucket " + label + " is drawn");
        java.awt.geom.Rectangle2D b = bar;
        Fx.run(() -> Fx.click(w.latency().chart().viewer().getCanvas(), b.getCenterX(), b.getMaxY() - 2));
        Fx.settle(w);
        assertEquals(Math.min(10_000, g.count(fullest)), (long) Fx.call(() -> w.latency().events().getItems().size()));
        String detail = Fx.call(() -> String.valueOf(w.latency().events().getItems().getFirst().getLast()));
        assertTrue(detail.startsWith("pthread_mutex_lock(") && detail.contains(") = 0"), detail);
    }
}
