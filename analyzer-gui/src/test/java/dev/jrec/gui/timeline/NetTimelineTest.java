package dev.jrec.gui.timeline;

import static dev.jrec.gui.timeline.NetCapture.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.nio.file.Path;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TCP events and OOM kills on the timeline (NetCapture): a connection as a bar on its owner's lane with its remote
 * end in a tag, retransmits, resets and drops as shapes at their times (a drop recorded without its owner on the
 * owner's lane), an OOM kill as a line across the lanes with a flag and a disc on its victim's lane, each told on
 * hover; none of it on a capture without them.
 */
class NetTimelineTest {
    @TempDir static Path dir;
    static WorkbenchWindow w;
    static TimelineCanvas c;

    @BeforeAll
    static void open() throws Exception {
        w = Workbenches.open(NetCapture.write(dir.resolve("net.parquet")));
        Fx.run(() -> w.select(w.timeline()));
        Fx.settle(w);
        c = w.timeline().canvas();
    }

    @AfterAll
    static void close() throws Exception {
        Workbenches.close(w);
    }

    private static double x(long at) throws Exception {
        return Fx.call(() -> c.xOf(START + at));
    }

    private static double laneY(int tid) throws Exception {
        int li = Fx.call(() -> c.laneOf(tid));
        assertTrue(li >= 0, "a lane for " + tid);
        return Fx.call(() -> c.laneY(li));
    }

    private static PixelReader pixels() throws Exception {
        Fx.pulse();
        return Fx.call(() -> c.snapshot(null, null)).getPixelReader();
    }

    private static boolean is(Color want, Color p) {
        return Math.abs(p.getRed() - want.getRed()) < 0.05 && Math.abs(p.getGreen() - want.getGreen()) < 0.05 && Math.abs(p.getBlue() - want.getBlue()) < 0.05;
    }

    private static boolean at(PixelReader px, Color want, double x, double y) {
        return is(want, px.getColor((int) Math.floor(x), (int) Math.floor(y)));
    }

    @Test
    void aConnectionIsABarWithItsRemoteEndOnItsOwnersLaneAndItsTroublesArePoints() throws Exception {
        Fx.run(() -> c.view(START, START + END));
        Fx.settle(w);
        double client = laneY(CLIENT), server = laneY(ACCEPTOR), bottom = TimelineCanvas.LANE - 5;
        PixelReader px = pixels();
        double mid = x((CONNECT + CLOSE) / 2);
        assertTrue(at(px, LanePainter.CONNECTION, mid, client + 2), "the connection's bar");
        assertFalse(at(px, LanePainter.CONNECTION, x(CLOSE + 50 * MS), client + 2), "ended at its close");
        assertTrue(at(px, LanePainter.CONNECTION, x(CONNECT) + 1, client + 10), "its tag");
        assertTrue(at(px, LanePainter.RETRANSMIT, x(RETRANSMIT), client + bottom), "the retransmit");
        assertTrue(at(px, LanePainter.WARNING, x(REFUSED), client + bottom), "the reset received");
        assertTrue(at(px, LanePainter.WARNING, x(DROP), server + bottom), "the drop, on its connection's owner's lane");
        assertTrue(at(px, LanePainter.WARNING, x(RESET_SENT), server + TimelineCanvas.LANE - 3), "the reset sent");
        assertFalse(at(px, LanePainter.WARNING, x(DROP), client + bottom), "not on the client's lane");
        assertTrue(at(px, LanePainter.CONNECTION, mid, server + 2), "the server's side of it");

        String conn = Fx.call(() -> c.describe(c.xOf(START + (CONNECT + CLOSE) / 2), client + 2));
        assertTrue(conn.startsWith("TCP connection 10.0.0.1:40000 → 10.0.0.2:5432, closed: 5,001 B received, 1,002 B sent, lifetime 1.000 s\n1.000 s from 0.200000 s"), conn);
        String tag = Fx.call(() -> c.describe(c.xOf(START + CONNECT) + 20, client + 9));
        assertTrue(tag.startsWith("TCP connection 10.0.0.1:40000"), "the tag tells it too: " + tag);
        String drop = Fx.call(() -> c.describe(c.xOf(START + DROP), server + bottom));
        assertTrue(drop.startsWith("TCP packet dropped 10.0.0.1:40000 → 10.0.0.2:5432 [PSH|ACK], state ESTABLISHED, reason TCP_CSUM in tcp_v4_rcv\nat 0.700000 s"), drop);
        String refused = Fx.call(() -> c.describe(c.xOf(START + REFUSED), client + bottom));
        assertTrue(refused.startsWith("TCP reset received by 10.0.0.1:40002 from 10.0.0.2:1 (connection refused), state SYN_SENT"), refused);
        String retransmit = Fx.call(() -> c.describe(c.xOf(START + RETRANSMIT), client + bottom));
        assertTrue(retransmit.startsWith("TCP retransmit 10.0.0.1:40000 → 10.0.0.2:5432, state ESTABLISHED"), retransmit);
        String sent = Fx.call(() -> c.describe(c.xOf(START + RESET_SENT), server + bottom));
        assertTrue(sent.startsWith("TCP reset sent 10.0.0.2:5432 → 10.0.0.1:40000, state ESTABLISHED, reason TCP_ABORT_ON_CLOSE"), sent);

        // zoomed into its middle, 800 ms after it started, the connection is still drawn and told
        Fx.run(() -> c.view(START + 995 * MS, START + 1005 * MS));
        Fx.settle(w);
        assertTrue(at(pixels(), LanePainter.CONNECTION, x(1000 * MS), laneY(CLIENT) + 2), "a connection that started long before the view");
        assertTrue(Fx.call(() -> c.describe(c.xOf(START + 1000 * MS), c.laneY(c.laneOf(CLIENT)) + 2)).startsWith("TCP connection"));
    }

    @Test
    void signalsHungReportsAndReclaimStallsArePointsOnTheirThreadsLanes() throws Exception {
        Fx.run(() -> c.view(START, START + END));
        Thread.sleep(400); // the view rests: the detail of the new window is read
        Fx.settle(w);
        double client = laneY(CLIENT), server = laneY(ACCEPTOR), bottom = TimelineCanvas.LANE - 5;
        PixelReader px = pixels();
        assertTrue(at(px, LanePainter.SIGNAL, x(SIGNAL), server + bottom), "SIGTERM on its target's lane");
        assertFalse(at(px, LanePainter.SIGNAL, x(SIGNAL), client + bottom), "not on its sender's, and no SIGCHLD mark");
        assertTrue(at(px, LanePainter.HUNG, x(HUNG), server + bottom - 6), "the hung-task report");
        assertTrue(at(px, LanePainter.RECLAIM, x(RECLAIM), client + bottom), "the reclaim stall, at its start");
        String sig = Fx.call(() -> c.describe(c.xOf(START + SIGNAL), server + bottom));
        assertTrue(sig.startsWith("signal SIGTERM sent by client (100) (delivered)\nat 1.000000 s"), sig);
        String hung = Fx.call(() -> c.describe(c.xOf(START + HUNG), server + bottom));
        assertTrue(hung.startsWith("reported hung by the kernel: in D (uninterruptible)"), hung);
        String stall = Fx.call(() -> c.describe(c.xOf(START + RECLAIM), client + bottom));
        assertTrue(stall.startsWith("stalled reclaiming memory for its cgroup at its limit, 5.00 ms, freed 1024.0 KiB\nat 0.300000 s"), stall);
    }

    @Test
    void irqTimeIsARedStripOverItsCpusLane() throws Exception {
        Fx.run(() -> c.view(START, START + END));
        Thread.sleep(400); // the view rests: the detail of the new window is read
        Fx.settle(w);
        double cpu0 = Fx.call(() -> c.laneY(0));
        assertEquals("CPU 0", Fx.call(() -> c.lanes().get(0).title));
        PixelReader px = pixels();
        Color clear = px.getColor((int) Math.floor(x(IRQS + 200 * MS)), (int) cpu0 + 1);
        boolean red = false;
        for (int xi = (int) Math.floor(x(IRQS)); xi <= (int) Math.ceil(x(IRQS + 10 * MS)); xi++) {
            Color p = px.getColor(xi, (int) cpu0 + 1);
            red |= p.getRed() > 0.75 && p.getGreen() < 0.45 && p.getBlue() < 0.45;
        }
        assertTrue(red, "red where CPU 0 ran handlers, half of each millisecond for ten");
        assertFalse(clear.getRed() > 0.75 && clear.getGreen() < 0.45, "not where it ran none: " + clear);
        String tip = Fx.call(() -> c.describe(c.xOf(START + IRQS) + 1, cpu0 + 1));
        assertTrue(tip.startsWith("IRQ handlers on CPU 0: ") && tip.contains(" hard, ") && tip.contains("most in virtio1-req.0"), tip);
        // zoomed in to 20 ms, one pixel is 20 us or so: the ten runs are ten stretches of strip with gaps between them
        Fx.run(() -> c.view(START + IRQS - 5 * MS, START + IRQS + 15 * MS));
        Thread.sleep(400); // the view rests: the detail of the new window is read
        Fx.settle(w);
        String one = Fx.call(() -> c.describe(c.xOf(START + IRQS + 100_000L), c.laneY(0) + 1));
        assertTrue(one.startsWith("IRQ handlers on CPU 0: 400 µs hard, 0 ns soft, 1 run, most in virtio1-req.0\n100 % of 400 µs"), one);
        Color gap = pixels().getColor((int) Math.floor(x(IRQS + 750_000L)), (int) cpu0 + 1);
        assertFalse(gap.getRed() > 0.75 && gap.getGreen() < 0.45, "between two runs, no strip: " + gap);
    }

    @Test
    void lockWaitsAreASlateStripOverTheWaitersLane() throws Exception {
        Fx.run(() -> c.view(START + FUTEX - 10 * MS, START + FUTEX + 30 * MS));
        Thread.sleep(400); // the view rests: the detail of the new window is read
        Fx.settle(w);
        double top = laneY(CLIENT) + 1;
        PixelReader px = pixels();
        assertTrue(slate(px.getColor((int) Math.round(x(FUTEX + 4 * MS)), (int) top)), "slate over the client's lane while it waited");
        assertFalse(slate(px.getColor((int) Math.round(x(FUTEX + 14 * MS)), (int) top)), "not after it was woken");
        assertFalse(slate(px.getColor((int) Math.round(x(FUTEX + 4 * MS)), (int) laneY(ACCEPTOR) + 1)), "nor over the waker's lane");
        String futex = Fx.call(() -> c.describe(c.xOf(START + FUTEX + 4 * MS), top));
        assertTrue(futex.startsWith("waited for futex 0x7f00aa00, woken by client-pool (102)\n0 ns on kernel locks, 8.02 ms on futexes"), futex);
        String lock = Fx.call(() -> c.describe(c.xOf(START + LOCK + 25_000L), top));
        assertTrue(lock.contains("mmap_lock") && lock.contains("50.0 µs on kernel locks"), lock);
        // the other tests look at the whole recording, with its detail read
        Fx.run(() -> c.view(START, START + END));
        Thread.sleep(400);
        Fx.settle(w);
    }

    /** LanePainter.WAIT (#37474f) at 45-100 % over a light lane: dark, and bluer than it is red. */
    private static boolean slate(Color p) {
        return p.getRed() < 0.6 && p.getBlue() > p.getRed() && p.getBrightness() < 0.65;
    }

    @Test
    void anOomKillIsALineWithAFlagAndADiscOnItsVictimsLane() throws Exception {
        Fx.run(() -> c.view(START, START + END));
        Fx.settle(w);
        double x = x(OOM), victim = laneY(VICTIM) + TimelineCanvas.LANE / 2, client = laneY(CLIENT) + TimelineCanvas.LANE / 2;
        PixelReader px = pixels();
        assertTrue(at(px, TimelineOverlays.OOM, x, client) || at(px, TimelineOverlays.OOM, x - 1, client), "the line crosses the other lanes");
        assertFalse(at(px, TimelineOverlays.OOM, x + 4, client), "as a line");
        assertTrue(at(px, TimelineOverlays.OOM, x + 4, victim) && at(px, TimelineOverlays.OOM, x - 4, victim), "a disc on the victim's lane");
        assertFalse(at(px, TimelineOverlays.OOM, x + 12, victim));
        assertTrue(at(px, TimelineOverlays.OOM, x + 6, TimelineCanvas.AXIS + 2) && at(px, TimelineOverlays.OOM, x + 40, TimelineCanvas.AXIS + 2), "the flag");
        String tip = Fx.call(() -> c.describe(c.xOf(START + OOM), client));
        assertTrue(tip.startsWith("OOM kill: the kernel's OOM killer chose hog (300) at 1.600000 s from the start\nRSS 40.0 MiB, oom_score_adj 500"), tip);
        assertFalse(Fx.call(() -> c.describe(c.xOf(START + OOM) + 30, client)).contains("OOM"), "away from the line, the lanes alone");
    }

    @Test
    void aCaptureWithoutThemHasNone() throws Exception {
        WorkbenchWindow s = Workbenches.open(Fx.sample("cpu-contention"));
        try {
            Fx.run(() -> s.select(s.timeline()));
            Fx.settle(s);
            TimelineCanvas sc = s.timeline().canvas();
            assertEquals(java.util.List.of(), Fx.call(() -> sc.data().oomKills));
            assertTrue(Fx.call(() -> sc.data().threads.stream().allMatch(l -> l.net.size == 0)));
            PixelReader px = Fx.call(() -> sc.snapshot(null, null)).getPixelReader();
            int width = (int) (double) Fx.call(sc::getWidth), height = (int) (double) Fx.call(sc::getHeight);
            for (int x = (int) TimelineCanvas.LABELS; x < width; x++) {
                for (int y = (int) TimelineCanvas.AXIS; y < height; y++) {
                    Color p = px.getColor(x, y);
                    for (Color net : new Color[] {LanePainter.CONNECTION, LanePainter.LISTENER, LanePainter.RETRANSMIT, LanePainter.WARNING, TimelineOverlays.OOM,
                            LanePainter.SIGNAL, LanePainter.HUNG, LanePainter.RECLAIM}) {
                        assertFalse(is(net, p), net + " at " + x + "," + y);
                    }
                }
            }
        } finally {
            Workbenches.close(s);
        }
    }
}
