package dev.jrec.gui.timeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javafx.event.Event;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The timeline of the cpu-contention sample: lanes, zoom to microseconds, hover, reveal, and a capture without sched. */
class TimelineViewTest {
    static WorkbenchWindow w;

    @BeforeAll
    static void open() throws Exception {
        w = Workbenches.open(Fx.sample("cpu-contention"));
        Fx.run(() -> w.select(w.timeline()));
        Fx.settle(w);
    }

    @AfterAll
    static void close() throws Exception {
        Workbenches.close(w);
    }

    @Test
    void cpuLanesHoldWhatRanAndThreadLanesTheBusyLoops() throws Exception {
        TimelineCanvas c = w.timeline().canvas();
        List<Lane> lanes = Fx.call(c::lanes);
        assertEquals(2, lanes.stream().filter(Lane::isCpu).count(), "a lane per CPU of the 2-CPU VM");
        assertEquals(4, lanes.stream().filter(l -> !l.isCpu() && l.title.startsWith("busy ")).count(), "the four spinners");
        // a CPU lane's slices are the on-CPU time of sched_switch, in the recording
        long drawnNs = lanes.stream().filter(Lane::isCpu).mapToLong(Lane::busyNs).sum();
        try (Statement st = w.capture().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT sum(ts - greatest(ts - prev_oncpu_ns, " + w.capture().startNs() + ")) FROM sched_switch "
                     + "WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL AND ts > " + w.capture().startNs())) {
            rs.next();
            assertEquals(rs.getLong(1), drawnNs);
        }
        Lane busy = lanes.stream().filter(l -> l.title.startsWith("busy ")).findFirst().orElseThrow();
        assertTrue(List.of(0, 1).stream().allMatch(k -> java.util.Arrays.stream(busy.key, 0, busy.size).anyMatch(x -> x == k)),
                "a spinner is running and runnable, never asleep");
    }

    @Test
    void zoomGoesDownToAMicrosecondAndHoverTellsWhatRan() throws Exception {
        TimelineCanvas c = w.timeline().canvas();
        Lane cpu0 = Fx.call(() -> c.lanes().getFirst());
        long mid = cpu0.start[cpu0.size / 2] + cpu0.dur[cpu0.size / 2] / 2;
        Fx.run(() -> c.view(mid - 400, mid + 400));
        assertEquals(TimelineCanvas.MIN_SPAN, Fx.call(() -> c.viewTo() - c.viewFrom()), "the narrowest view is 1 µs across");
        String tip = Fx.call(() -> c.describe(c.xOf(mid), TimelineCanvas.AXIS + TimelineCanvas.LANE / 2));
        assertTrue(tip.startsWith(cpu0.labels[cpu0.size / 2] + " (pid " + cpu0.key[cpu0.size / 2]), tip);
        long span = Fx.call(() -> c.viewTo() - c.viewFrom());
        Fx.run(() -> Event.fireEvent(c, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.S, false, false, false, false)));
        assertTrue(Fx.call(() -> c.viewTo() - c.viewFrom()) > span, "S zooms out");
        Fx.run(() -> Event.fireEvent(c, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.DIGIT0, false, false, false, false)));
        assertEquals(w.capture().endNs() - w.capture().startNs(), (long) Fx.call(() -> c.viewTo() - c.viewFrom()), "0 shows the whole recording");
    }

    /** A click on the lanes gives them the keyboard: W, S and 0 act at once, without Tab-focusing the canvas first. */
    @Test
    void aClickOnTheTimelineGivesItTheKeys() throws Exception {
        TimelineCanvas c = w.timeline().canvas();
        Fx.run(() -> w.stage().getScene().getRoot().requestFocus());
        Fx.run(() -> Fx.click(c, TimelineCanvas.LABELS + 40, TimelineCanvas.AXIS + TimelineCanvas.LANE / 2));
        assertSame(c, Fx.call(() -> w.stage().getScene().getFocusOwner()), "the click left the focus on the canvas");
        long span = Fx.call(() -> c.viewTo() - c.viewFrom());
        Fx.run(() -> Event.fireEvent(w.stage().getScene().getFocusOwner(), new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.W, false, false, false, false)));
        assertTrue(Fx.call(() -> c.viewTo() - c.viewFrom()) < span, "W, sent where the keyboard goes, zooms in");
        Fx.run(() -> Event.fireEvent(w.stage().getScene().getFocusOwner(), new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.DIGIT0, false, false, false, false)));
        assertEquals(w.capture().endNs() - w.capture().startNs(), (long) Fx.call(() -> c.viewTo() - c.viewFrom()));
    }

    /**
     * rcu_preempt waits for work in TASK_IDLE (D | TASK_NOLOAD, 1026 in the recording): idle, as Perfetto shows it, not a
     * full-length red "blocked (D)" bar.
     */
    @Test
    void idleKernelThreadsAreIdleNotBlocked() throws Exception {
        try (Statement st = w.capture().connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sched_switch WHERE prev_comm = 'rcu_preempt' AND prev_state = 1026")) {
            rs.next();
            assertTrue(rs.getLong(1) > 0, "the sample has rcu_preempt going idle");
        }
        Fx.run(() -> w.filter().comm("rcu_preempt"));
        Fx.settle(w);
        TimelineCanvas c = w.timeline().canvas();
        Lane rcu = Fx.call(() -> c.lanes().stream().filter(l -> !l.isCpu() && l.title.contains("rcu_preempt")).findFirst().orElseThrow());
        java.util.Set<String> states = new java.util.HashSet<>();
        for (int i = 0; i < rcu.size; i++) states.add(TimelineData.STATES.get(rcu.key[i]));
        assertTrue(states.contains("I"), "idle intervals: " + states);
        assertFalse(states.contains("D"), "none drawn as blocked: " + states);
        int idle = -1;
        for (int i = 0; i < rcu.size && idle < 0; i++) if (TimelineData.STATES.get(rcu.key[i]).equals("I")) idle = i;
        int at = idle;
        String tip = Fx.call(() -> c.describe(c.xOf(rcu.start[at] + rcu.dur[at] / 2), c.laneY(c.lanes().indexOf(rcu)) + TimelineCanvas.LANE / 2));
        assertTrue(tip.contains("idle (I"), tip);
        Fx.run(() -> w.filter().clear());
        Fx.settle(w);
    }

    /**
     * A selected range brings its thread-state totals under the lanes: the four spinners first (they ran and waited
     * for the two CPUs), each thread's states adding up to no more than the range, and a double-click shows its lane.
     */
    @Test
    void aSelectionSumsEachThreadsStates() throws Exception {
        long from = w.capture().startNs() + 1_000_000_000L, to = from + 500_000_000L;
        Fx.run(() -> w.filter().window(from, to));
        Fx.settle(w);
        ThreadStatesPane p = w.timeline().states();
        javafx.scene.control.TableView<List<Object>> t = p.table();
        javafx.scene.control.TabPane bottom = Fx.call(() -> (javafx.scene.control.TabPane) w.timeline().node().lookupAll(".tab-pane").stream()
                .filter(n -> ((javafx.scene.control.TabPane) n).getTabs().stream().anyMatch(x -> x.getText().equals("Thread states"))).findFirst().orElseThrow());
        Fx.run(() -> bottom.getSelectionModel().select(0));
        Fx.run(() -> w.filter().window(from - 1_000_000, to));
        Fx.settle(w);
        assertTrue(Fx.call(p::isStale), "not summed while the tab is behind: the sums scan every switch");
        Fx.run(() -> bottom.getSelectionModel().select(1));
        Fx.settle(w);
        assertFalse(Fx.call(p::isStale));
        Fx.run(() -> w.filter().window(from, to));
        Fx.settle(w);
        List<String> headers = Fx.call(() -> t.getColumns().stream().map(javafx.scene.control.TableColumn::getText).toList());
        List<List<Object>> rows = Fx.call(() -> List.copyOf(t.getItems()));
        assertTrue(rows.size() >= 4, rows.toString());
        for (int i = 0; i < 4; i++) assertEquals("busy", rows.get(i).get(headers.indexOf("COMM")), "spinners first: " + rows.subList(0, 5));
        double busyRun = 0, busyWait = 0;
        for (List<Object> r : rows) {
            double sum = 0;
            for (String h : List.of("RUNNING", "RUNNABLE", "SLEEPING", "BLOCKED", "IDLE", "OTHER")) {
                sum += ((Number) r.get(headers.indexOf(h))).doubleValue();
            }
            assertTrue(sum <= 500.0 + 1e-6, "a thread's states fit the 500 ms selection: " + r);
            if ("busy".equals(r.get(headers.indexOf("COMM")))) {
                busyRun += ((Number) r.get(headers.indexOf("RUNNING"))).doubleValue();
                busyWait += ((Number) r.get(headers.indexOf("RUNNABLE"))).doubleValue();
            }
        }
        // four spinners on two CPUs: together they ran at most 2 x 500 ms and were runnable the rest of their time
        assertTrue(busyRun <= 1000.0 + 1e-6 && busyRun > 500, "spinners ran " + busyRun);
        assertTrue(busyWait > 500, "spinners waited " + busyWait);
        Fx.run(() -> w.filter().clear());
        Fx.settle(w);
        assertTrue(Fx.call(() -> p.caption()).contains("whole recording"), Fx.call(() -> p.caption()));
    }

    /**
     * Lanes as a process → thread tree: kernel threads in one folded group, a process with several threads under a
     * header that folds, CPU lanes and pinned threads fixed at the top while the rest scrolls, and a lane search that
     * opens the group of what it finds.
     */
    @Test
    void lanesAreAProcessTreeWithFixedCpusPinsAndSearch() throws Exception {
        TimelineCanvas c = w.timeline().canvas();
        List<Lane> rows = Fx.call(c::lanes);
        Lane kernel = rows.stream().filter(l -> l.header && l.pid == LaneTree.KERNEL).findFirst().orElseThrow();
        assertFalse(kernel.open, "kernel threads are folded when there is a workload");
        assertTrue(rows.stream().noneMatch(l -> l.isThread() && l.kernel), "no kworker/rcu lane among the workload's");
        assertTrue(kernel.title.matches("kernel threads · \\d+"), kernel.title);
        Lane java = rows.stream().filter(l -> l.header && l.title.startsWith("java 31020 · ")).findFirst().orElseThrow();
        int javaThreads = (int) rows.stream().filter(l -> l.isThread() && l.pid == 31020).count();
        assertTrue(javaThreads > 1 && java.title.endsWith(javaThreads + " threads"), java.title);
        assertEquals(rows.indexOf(java) + 1, rows.indexOf(rows.stream().filter(l -> l.isThread() && l.pid == 31020).findFirst().orElseThrow()),
                "its threads follow its header");
        assertTrue(rows.stream().noneMatch(l -> l.header && l.title.startsWith("busy")), "a one-thread process is its lane alone");

        // a click on the header's label folds the group
        double hy = Fx.call(() -> c.laneY(c.lanes().indexOf(java)) + TimelineCanvas.LANE / 2);
        Fx.run(() -> Fx.click(c, 40, hy));
        assertTrue(Fx.call(() -> c.lanes().stream().noneMatch(l -> l.isThread() && l.pid == 31020)), "folded: java's threads have no lanes");

        // the search opens the kernel group and brings rcu_preempt into sight
        int tid = Fx.call(() -> c.find("rcu_pre"));
        Fx.run(() -> w.timeline().showLane(tid));
        int li = Fx.call(() -> c.laneOf(tid));
        assertTrue(li > 0, "rcu_preempt has a lane now");
        double y = Fx.call(() -> c.laneY(li));
        assertTrue(y >= TimelineCanvas.AXIS && y + TimelineCanvas.LANE <= Fx.call(c::getHeight), "and it is in sight: y " + y);

        // CPU lanes stay at the top when the lanes scroll, and so does a pinned thread, right under them
        Lane busy = rows.stream().filter(l -> l.isThread() && l.title.startsWith("busy ")).findFirst().orElseThrow();
        Fx.run(() -> c.pin(busy.tid, true));
        assertEquals(3, (int) Fx.call(c::fixedRows));
        assertEquals(2, (int) Fx.call(() -> c.laneOf(busy.tid)), "pinned under the two CPU lanes");
        Fx.run(() -> c.scrollY(c.maxScrollY()));
        assertTrue(Fx.call(c::scrollY) > 0, "the lanes scroll in this window");
        assertEquals(TimelineCanvas.AXIS, (double) Fx.call(() -> c.laneY(0)), "CPU 0 stays under the axis");
        assertEquals(0, (int) Fx.call(() -> c.laneAt(TimelineCanvas.AXIS + 5)), "and a pointer there is on CPU 0");
        assertEquals(2, (int) Fx.call(() -> c.laneAt(TimelineCanvas.AXIS + 2 * TimelineCanvas.LANE + 5)), "and on the pinned lane under it");

        Fx.run(() -> {
            c.pin(busy.tid, false);
            c.toggle(c.lanes().stream().filter(l -> l.header && l.pid == LaneTree.KERNEL).findFirst().orElseThrow());
            c.toggle(c.lanes().stream().filter(l -> l.header && l.title.startsWith("java 31020")).findFirst().orElseThrow());
            c.scrollY(0);
        });
        Fx.settle(w);
    }

    /** Shift+drag measures a span without touching the filter every view applies; Esc takes the measure away. */
    @Test
    void shiftDragMeasuresWithoutChangingTheFilter() throws Exception {
        TimelineCanvas c = w.timeline().canvas();
        Fx.run(() -> w.filter().clear());
        Fx.settle(w);
        double x0 = TimelineCanvas.LABELS + 100, x1 = TimelineCanvas.LABELS + 300;
        long expected = Fx.call(() -> c.timeAt(x1) - c.timeAt(x0));
        Fx.run(() -> Fx.shiftDrag(c, x0, TimelineCanvas.AXIS + 50, x1));
        assertEquals(expected, (long) Fx.call(c::measured));
        assertEquals(dev.jrec.analysis.Filter.ALL, Fx.call(() -> w.filter().get()), "the measure is not a selection");
        Fx.run(() -> Event.fireEvent(c, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ESCAPE, false, false, false, false)));
        assertEquals(-1L, (long) Fx.call(c::measured));
    }

    /** The filter bar says what a comm filter kept, or that it kept nothing, rather than leaving empty lanes to explain it. */
    @Test
    void theFilterBarSaysWhatTheCommFilterMatched() throws Exception {
        Fx.run(() -> w.filter().comm("busy*"));
        Fx.settle(w);
        String said = Fx.call(() -> w.commMatched());
        assertTrue(said.matches("\\d+ process(es)?, \\d+ threads?: busy.*"), said);
        Fx.run(() -> w.filter().comm("no-such-task"));
        Fx.settle(w);
        assertEquals("matches nothing", Fx.call(() -> w.commMatched()));
        Fx.run(() -> w.filter().clear());
        Fx.settle(w);
        assertEquals("", Fx.call(() -> w.commMatched()));
    }

    /**
     * A lost-events period is hatched over the lanes and marked by a strip under the axis; the lanes under it keep
     * their colours (a pink tint over the whole span made running and sleeping no longer match the legend).
     */
    @Test
    void lostEventsDoNotRecolourTheLanes() throws Exception {
        TimelineData d = Fx.call(() -> w.timeline().canvas().data());
        long third = (d.endNs - d.startNs) / 3;
        TimelineData lossy = new TimelineData(d.startNs, d.endNs, d.cpus, d.threads,
                new long[][] {{d.startNs + third, d.startNs + 2 * third}}, d.notes);
        javafx.scene.image.Image[] shots = new javafx.scene.image.Image[2];
        TimelineData[] both = {d, lossy};
        TimelineCanvas[] canvases = new TimelineCanvas[2];
        for (int i = 0; i < 2; i++) {
            int k = i;
            Fx.run(() -> {
                canvases[k] = new TimelineCanvas();
                canvases[k].setWidth(1000);
                canvases[k].setHeight(300);
                canvases[k].show(both[k]);
            });
        }
        Fx.pulse();
        for (int i = 0; i < 2; i++) {
            int k = i;
            shots[k] = Fx.call(() -> canvases[k].snapshot(null, null));
        }
        int x0 = (int) Math.ceil(Fx.call(() -> canvases[1].xOf(d.startNs + third))) + 2;
        int x1 = (int) Math.floor(Fx.call(() -> canvases[1].xOf(d.startNs + 2 * third))) - 2;
        long lanePixels = 0, changed = 0, strip = 0, stripChanged = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = (int) TimelineCanvas.AXIS + 1; y < 300; y++) {
                lanePixels++;
                if (shots[0].getPixelReader().getArgb(x, y) != shots[1].getPixelReader().getArgb(x, y)) changed++;
            }
            for (int y = (int) (TimelineCanvas.AXIS - TimelineOverlays.LOSS_STRIP); y < TimelineCanvas.AXIS; y++) {
                strip++;
                if (shots[0].getPixelReader().getArgb(x, y) != shots[1].getPixelReader().getArgb(x, y)) stripChanged++;
            }
        }
        assertTrue(changed < lanePixels / 4, "lanes under the lost period mostly unchanged (a tint changed them all): " + changed + " of " + lanePixels + " pixels");
        assertTrue(changed > lanePixels / 50, "but hatched: " + changed + " of " + lanePixels);
        assertTrue(stripChanged > strip * 9 / 10, "the strip under the axis marks the period: " + stripChanged + " of " + strip);
    }

    @Test
    void revealShowsAnIntervalInItsThreadsLane() throws Exception {
        TimelineCanvas c = w.timeline().canvas();
        Lane busy = Fx.call(() -> c.lanes().stream().filter(l -> l.title.startsWith("busy ")).findFirst().orElseThrow());
        long from = busy.start[10], to = from + busy.dur[10];
        Fx.run(() -> w.reveal(from, to, busy.tid));
        assertTrue(Fx.call(c::viewFrom) <= from && Fx.call(c::viewTo) >= to, "the interval is in view");
        assertTrue(Fx.call(() -> c.viewTo() - c.viewFrom()) < (w.capture().endNs() - w.capture().startNs()) / 10, "and zoomed to it");
        Fx.run(() -> c.view(w.capture().startNs(), w.capture().endNs()));
    }

    @Test
    void aCaptureWithoutSchedulerEventsShowsItsThreadsSyscallsAndIo() throws Exception {
        WorkbenchWindow io = Workbenches.open(Fx.sample("io-burst"));
        try {
            Fx.run(() -> io.select(io.timeline()));
            Fx.settle(io);
            List<Lane> lanes = Fx.call(() -> io.timeline().canvas().lanes());
            assertTrue(lanes.stream().noneMatch(Lane::isCpu));
            assertEquals(3, lanes.stream().filter(l -> l.title.startsWith("dd ")).count(), "the three dd runs");
            long blocks = lanes.stream().mapToLong(l -> java.util.stream.IntStream.range(0, l.markers.size).filter(i -> l.markers.block[i]).count()).sum();
            try (Statement st = io.capture().connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM block_rq_complete b WHERE latency_ns IS NOT NULL AND tid IS NOT NULL AND ts > "
                         + io.capture().startNs() + " AND tid IN (SELECT tid FROM syscall UNION SELECT tid FROM block_rq_complete)")) {
                rs.next();
                assertEquals(rs.getLong(1), blocks, "every block request is a marker");
            }
            assertTrue(Fx.call(() -> io.timeline().states().caption()).startsWith("no scheduler events in this capture"),
                    "the thread-state summary says why it is empty");
        } finally {
            Workbenches.close(io);
        }
    }

    @Test
    void clickingABlockedIntervalShowsWhereItBlockedAndWhoWokeIt() throws Exception {
        WorkbenchWindow lock = Workbenches.open(Fx.sample("lock-contention"));
        try {
            Fx.run(() -> lock.select(lock.timeline()));
            Fx.settle(lock);
            TimelineCanvas c = lock.timeline().canvas();
            List<Lane> lanes = Fx.call(c::lanes);
            int li = -1, interval = -1;
            for (int l = 0; l < lanes.size() && li < 0; l++) {
                Lane lane = lanes.get(l);
                if (lane.isCpu() || !lane.title.startsWith("locker")) continue;
                for (int i = 0; i < lane.size; i++) {
                    // a sleep long enough to be an off-CPU event (recorded with --offcpu-min 1ms)
                    if (TimelineData.STATES.get(lane.key[i]).equals("S") && lane.dur[i] > 5_000_000) {
                        li = l;
                        interval = i;
                        break;
                    }
                }
            }
            assertTrue(li >= 0, "a locker thread slept on the mutex: " + lanes.stream().map(x -> x.title + "=" + x.size).toList());
            Lane lane = lanes.get(li);
            long from = lane.start[interval], to = from + lane.dur[interval];
            int l = li;
            Fx.run(() -> {
                c.view(from - (to - from), to + (to - from));
                c.scrollY((l - c.fixedRows()) * TimelineCanvas.LANE); // the lane just under the CPU lanes, which stay
            });
            double x = Fx.call(() -> c.xOf((from + to) / 2)), y = Fx.call(() -> c.laneY(l) + 5);
            Fx.run(() -> Fx.click(c, x, y));
            Fx.settle(lock);
            String text = Fx.call(() -> lock.timeline().details().getText());
            assertTrue(text.contains("blocked, interruptible sleep (S)"), text);
            assertTrue(text.contains("\nblocked at ") && text.contains(" ← "), "the stack it blocked in: " + text);
            assertTrue(text.contains("\nwoken by "), "and its waker's: " + text);
        } finally {
            Workbenches.close(lock);
        }
    }

    @Test
    void threadStatesLoadAsTheirLanesComeIntoSight() throws Exception {
        WorkbenchWindow small = Workbenches.create();
        try {
            Fx.run(() -> small.stage().setHeight(330));
            Fx.run(() -> small.select(small.timeline()));
            Fx.run(() -> small.open(Fx.sample("cpu-contention")));
            Fx.settle(small);
            TimelineCanvas c = small.timeline().canvas();
            // the kernel threads' group (folded at first) holds the lanes at the bottom, each with idle states
            Fx.run(() -> c.toggle(c.lanes().stream().filter(l -> l.header && l.pid == LaneTree.KERNEL).findFirst().orElseThrow()));
            Fx.settle(small);
            List<Lane> threads = Fx.call(() -> c.lanes().stream().filter(Lane::isThread).toList());
            long loaded = threads.stream().filter(l -> l.statesLoaded).count();
            assertTrue(loaded > 0 && loaded < threads.size(), loaded + " of " + threads.size() + " lanes loaded in a short window");
            List<Lane> notYet = threads.stream().filter(l -> !l.statesLoaded).toList();
            Fx.run(() -> c.scrollY(c.maxScrollY()));
            Fx.settle(small);
            assertTrue(threads.getLast().statesLoaded, "scrolled into sight, the last lane has its states");
            assertTrue(notYet.stream().anyMatch(l -> l.statesLoaded && l.size > 0), "lanes that came into sight have their states: "
                    + notYet.stream().map(l -> l.title + ":" + l.size).toList());
        } finally {
            Workbenches.close(small);
        }
    }
}
