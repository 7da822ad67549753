package dev.jrec.gui.latency;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Grouping;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.awt.geom.Rectangle2D;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.entity.ChartEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The latency view on the cpu-contention sample: linked brushing from the timeline, and a bar's events. */
class HistogramViewTest {
    static WorkbenchWindow w;

    @BeforeAll
    static void open() throws Exception {
        w = Workbenches.open(Fx.sample("cpu-contention"));
    }

    @AfterAll
    static void close() throws Exception {
        Workbenches.close(w);
    }

    /** runqlat's subjects counted by hand in SQL: switches-in with a run-queue wait, not of the idle task, in [from, to). */
    private static long runqlatCount(long from, long to) throws Exception {
        try (PreparedStatement ps = w.capture().connection().prepareStatement(
                "SELECT count(*) FROM sched_switch WHERE next_runq_ns IS NOT NULL AND next_tid <> 0 AND ts >= ? AND ts < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long total(Log2Histogram h) {
        return h.groups().stream().mapToLong(Log2Histogram.Group::total).sum();
    }

    @Test
    void aRangeSelectedInTheTimelineFiltersTheHistogramToTheMatchingSqlCount() throws Exception {
        Fx.run(() -> w.filter().clear());
        Fx.run(() -> w.select(w.latency()));
        Fx.settle(w);
        Fx.run(() -> w.latency().select(Latency.RUNQLAT, Grouping.NONE));
        Fx.settle(w);
        HistogramView.Shown all = Fx.call(() -> w.latency().shown());
        assertEquals(runqlatCount(Long.MIN_VALUE, Long.MAX_VALUE), total(all.histogram()));

        Fx.run(() -> w.select(w.timeline()));
        Fx.settle(w);
        Node timeline = Fx.call(() -> w.timeline().exportNode());
        Fx.run(() -> Fx.drag(timeline, 520, 60, 760));
        Filter f = Fx.call(() -> w.filter().get());
        assertTrue(f.windowed(), "the drag selected a window: " + f);

        Fx.run(() -> w.select(w.latency()));
        Fx.settle(w);
        HistogramView.Shown windowed = Fx.call(() -> w.latency().shown());
        assertEquals(f, windowed.filter(), "the histogram was recomputed for the selection");
        long expected = runqlatCount(f.fromNs(), f.toNs());
        assertTrue(expected > 0, "the selection holds switches");
        assertEquals(expected, total(windowed.histogram()));
        assertTrue(expected < total(all.histogram()), "the selection has fewer events than the whole capture");

        Fx.run(() -> w.filter().clearWindow());
        Fx.settle(w);
        assertEquals(total(all.histogram()), total(Fx.call(() -> w.latency().shown()).histogram()), "clearing the filter brings all back");
    }

    @Test
    void clickingABarListsItsEventsAndOpeningOneShowsItInTheTimeline() throws Exception {
        Fx.run(() -> w.filter().clear());
        Fx.run(() -> w.select(w.latency()));
        Fx.settle(w);
        Fx.run(() -> w.latency().select(Latency.CPUDIST, Grouping.PROCESS));
        Fx.settle(w);
        HistogramView view = w.latency();
        Log2Histogram.Group g = Fx.call(view::selectedGroup);
        for (Log2Histogram.Group other : Fx.call(() -> view.shown().histogram().groups())) {
            assertTrue(other.total() <= g.total(), "the process with the most events is shown first");
        }
        int bucket = 0;
        for (int b = 0; b < g.counts().length; b++) if (g.count(b) > g.count(bucket)) bucket = b;
        String label = Fx.call(() -> view.chart().buckets()).get(bucket);
        Rectangle2D bar = null;
        for (Object o : Fx.call(() -> view.chart().viewer().getCanvas().getRenderingInfo().getEntityCollection().getEntities())) {
            if (o instanceof CategoryItemEntity c && c.getColumnKey().toString().equals(label)) bar = ((ChartEntity) c).getArea().getBounds2D();
        }
        assertNotNull(bar, "bucket " + label + " is drawn");
        Rectangle2D b = bar;
        Fx.run(() -> Fx.click(view.chart().viewer().getCanvas(), b.getCenterX(), b.getMaxY() - 2));
        Fx.settle(w);
        assertEquals(g.count(bucket), (long) Fx.call(() -> view.events().getItems().size()), "events listed for bucket " + label);

        Fx.run(() -> {
            view.events().getSelectionModel().select(0);
            Event.fireEvent(view.events(), new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
        });
        Fx.settle(w);
        TabPane tabs = Fx.call(() -> (TabPane) w.stage().getScene().lookup(".tab-pane"));
        assertEquals("Timeline", Fx.call(() -> tabs.getSelectionModel().getSelectedItem().getText()));
    }
}
