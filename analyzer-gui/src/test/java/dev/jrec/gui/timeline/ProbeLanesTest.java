package dev.jrec.gui.timeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Probed calls along their threads' lanes, on the user-probes sample (lockdemo's lockers, their calls recorded). */
class ProbeLanesTest {
    static WorkbenchWindow w;

    @BeforeAll
    static void open() throws Exception {
        w = Workbenches.open(Fx.sample("user-probes"));
        Fx.run(() -> w.select(w.timeline()));
        Fx.settle(w);
    }

    @AfterAll
    static void close() throws Exception {
        Workbenches.close(w);
    }

    private static long[] sql(String query) throws Exception {
        try (Statement st = w.capture().connection().createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            long[] v = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < v.length; i++) v[i] = rs.getLong(i + 1);
            return v;
        }
    }

    @Test
    void aLockersCallsRunAlongItsLaneAndSayWhatTheyWere() throws Exception {
        TimelineCanvas c = w.timeline().canvas();
        List<Lane> lockers = Fx.call(() -> c.lanes().stream().filter(l -> l.isThread() && l.title.startsWith("locker-")).toList());
        assertEquals(4, lockers.size(), "lockdemo's 4 threads");
        Lane l = lockers.getFirst();
        Fx.settle(w);
        assertTrue(l.marksLoaded, "the lane in sight has its detail");
        long shown = Fx.call(() -> {
            long n = 0;
            for (int i = 0; i < l.calls.size; i++) n += l.calls.runs[i];
            return n;
        });
        assertEquals(sql("SELECT count(*) FROM uprobe_call WHERE tid = " + l.tid)[0], shown, "every call of the thread, in the strip");

        // zoomed in on one hold(): drawn as long as it took, and the tooltip names it
        long[] hold = sql("SELECT start_ts, dur_ns FROM uprobe_call WHERE func = 'hold' AND kind = 'uretprobe' AND tid = " + l.tid
                + " ORDER BY ts LIMIT 1 OFFSET 10");
        Fx.run(() -> c.view(hold[0] - hold[1], hold[0] + 2 * hold[1]));
        Fx.settle(w);
        Fx.pulse();
        Fx.settle(w);
        int li = Fx.call(() -> c.lanes().indexOf(l));
        String tip = Fx.call(() -> c.describe(c.xOf(hold[0] + hold[1] / 2), c.laneY(li) + LanePainter.CALLS_AT + 1));
        assertTrue(tip.startsWith("call hold() = "), tip);
        int at = Fx.call(() -> l.calls.at(hold[0] + hold[1] / 2, 0));
        assertEquals(hold[1], Fx.call(() -> l.calls.dur[at]), "as long as the call");
    }
}
