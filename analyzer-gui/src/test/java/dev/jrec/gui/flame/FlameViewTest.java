package dev.jrec.gui.flame;

import dev.jrec.analysis.WallClock;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import dev.jrec.analysis.StackProfile;
import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flame graph of the lock-contention sample (on-CPU and off-CPU stacks): click, search, icicle, export. */
class FlameViewTest {
    static WorkbenchWindow w;
    @TempDir Path dir;

    @BeforeAll
    static void open() throws Exception {
        w = Workbenches.open(Fx.sample("lock-contention"));
        Fx.run(() -> w.select(w.flame()));
        Fx.settle(w);
    }

    @AfterAll
    static void close() throws Exception {
        Workbenches.close(w);
    }

    @Test
    void clickingAFrameZoomsToIt() throws Exception {
        FlameCanvas c = w.flame().canvas();
        FlameTree t = Fx.call(c::tree);
        assertNotNull(t);
        int node = -1;
        for (int i = 1; i < t.size(); i++) if (t.depth(i) == 2 && (node < 0 || t.weight(i) > t.weight(node))) node = i;
        assertTrue(node > 0, "the graph has a frame under a task");
        int n = node;
        double[] b = Fx.call(() -> c.bounds(n));
        assertEquals(n, (int) Fx.call(() -> c.nodeAt(b[0] + b[2] / 2, b[1] + FlameCanvas.ROW / 2)));
        Fx.run(() -> Fx.click(c, b[0] + b[2] / 2, b[1] + FlameCanvas.ROW / 2));
        assertEquals(n, (int) Fx.call(c::zoom));
        // zoomed, the frame fills the width
        double[] z = Fx.call(() -> c.bounds(n));
        assertEquals(c.getWidth(), z[2], 0.5);
        assertTrue(Fx.call(() -> c.describe(n)).contains("samples"), "the tooltip tells the samples");
        Fx.run(() -> c.zoomTo(0));
    }

    @Test
    void searchHighlightsAndTellsTheShareOfTheStacks() throws Exception {
        StackProfile p = Fx.call(() -> w.flame().profile());
        long total = 0, withSpin = 0;
        for (String line : p.folded()) {
            long weight = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            total += weight;
            if (line.substring(0, line.lastIndexOf(' ')).toLowerCase().contains("spin")) withSpin += weight;
        }
        assertTrue(withSpin > 0 && withSpin < total, "the workload spins in part of its samples");
        Fx.run(() -> w.flame().searchField().setText("spin"));
        String label = Fx.call(() -> w.flame().matchedLabel().getText());
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f%% matched", 100.0 * withSpin / total), label);
        Fx.run(() -> w.flame().searchField().setText(""));
    }

    /** Deep stacks make the canvas taller than the view: it opens on the root and the wide frames, not on the deepest tip. */
    @Test
    void theGraphOpensWithItsRootInView() throws Exception {
        FlameCanvas c = w.flame().canvas();
        javafx.scene.control.ScrollPane sp = Fx.call(() -> (javafx.scene.control.ScrollPane) w.flame().node().lookup(".scroll-pane"));
        Fx.run(() -> w.stage().setHeight(320)); // shorter than the graph, as a laptop's window is for a 60-frame JVM stack
        Fx.run(() -> w.flame().graph(Graph.OFF_CPU));
        Fx.settle(w);
        Fx.run(() -> w.flame().graph(Graph.ON_CPU));
        Fx.settle(w);
        double viewport = Fx.call(() -> sp.getViewportBounds().getHeight());
        assertTrue(Fx.call(c::getHeight) > viewport + FlameCanvas.ROW, "the graph is taller than its view: " + Fx.call(c::getHeight) + " in " + viewport);
        double rootY = Fx.call(() -> c.bounds(0))[1];
        double top = Fx.call(() -> (c.getHeight() - viewport) * sp.getVvalue());
        assertTrue(rootY >= top && rootY + FlameCanvas.ROW <= top + viewport + 0.5,
                "the root row (y " + rootY + ") is in the visible band " + top + ".." + (top + viewport));
        Fx.run(() -> w.flame().icicleToggle().fire());
        Fx.pulse();
        assertEquals(0.0, Fx.call(sp::getVvalue), "an icicle graph has its root on top: the view goes there");
        Fx.run(() -> w.flame().icicleToggle().fire());
        Fx.run(() -> w.stage().setHeight(820));
        Fx.settle(w);
    }

    /** Esc after clicking a frame zooms back out: the click gave the graph the keyboard. */
    @Test
    void escapeAfterAClickZoomsOut() throws Exception {
        FlameCanvas c = w.flame().canvas();
        FlameTree t = Fx.call(c::tree);
        int node = -1;
        for (int i = 1; i < t.size(); i++) if (t.depth(i) == 2 && (node < 0 || t.weight(i) > t.weight(node))) node = i;
        int n = node;
        double[] b = Fx.call(() -> c.bounds(n));
        Fx.run(() -> w.stage().getScene().getRoot().requestFocus());
        Fx.run(() -> Fx.click(c, b[0] + b[2] / 2, b[1] + FlameCanvas.ROW / 2));
        assertEquals(n, (int) Fx.call(c::zoom));
        assertSame(c, Fx.call(() -> w.stage().getScene().getFocusOwner()), "the click left the focus on the graph");
        Fx.run(() -> javafx.event.Event.fireEvent(w.stage().getScene().getFocusOwner(),
                new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "", javafx.scene.input.KeyCode.ESCAPE, false, false, false, false)));
        assertEquals(0, (int) Fx.call(c::zoom), "Esc zooms out to the root");
        // zoomed, then another graph: the breadcrumbs do not name a frame of the last one
        Fx.run(() -> Fx.click(c, b[0] + b[2] / 2, b[1] + FlameCanvas.ROW / 2));
        assertTrue(Fx.call(() -> w.flame().crumbs()).startsWith("zoomed to: "), Fx.call(() -> w.flame().crumbs()));
        Fx.run(() -> w.flame().graph(Graph.OFF_CPU));
        Fx.settle(w);
        assertEquals("", Fx.call(() -> w.flame().crumbs()));
        Fx.run(() -> w.flame().graph(Graph.ON_CPU));
        Fx.settle(w);
    }

    @Test
    void theIcicleToggleTurnsTheGraphUpsideDown() throws Exception {
        FlameCanvas c = w.flame().canvas();
        double rootFlame = Fx.call(() -> c.bounds(0))[1];
        Fx.run(() -> c.inverted(true));
        double rootIcicle = Fx.call(() -> c.bounds(0))[1];
        Fx.run(() -> c.inverted(false));
        assertTrue(rootFlame > rootIcicle, "the root is at the bottom of a flame graph and at the top of an icicle graph");
        assertEquals(0, rootIcicle);
    }

    @Test
    void exportedPngAndFoldedStacksHoldTheGraph() throws Exception {
        Path png = dir.resolve("flame.png");
        Fx.run(() -> w.exportPng(png));
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a PNG was written");
        Set<Integer> colors = new HashSet<>();
        long nonBackground = 0;
        int bg = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colors.add(img.getRGB(x, y));
                if (img.getRGB(x, y) != bg) nonBackground++;
            }
        }
        assertTrue(colors.size() > 20, "many colors: " + colors.size());
        assertTrue(nonBackground > 2_000, "frames drawn: " + nonBackground + " pixels");
        // a caption band over the graph: the view, capture and filter, in dark text on white
        assertEquals((int) Math.round(Fx.call(() -> w.flame().exportNode().getLayoutBounds().getHeight())) + dev.jrec.gui.Exports.CAPTION, img.getHeight());
        long dark = 0;
        for (int y = 0; y < dev.jrec.gui.Exports.CAPTION; y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xff) < 0x80) dark++;
        assertTrue(dark > 100, "the caption is written: " + dark + " dark pixels");
        assertTrue(Fx.call(() -> w.exportCaption()).matches("Flame graph · lock-contention.parquet · .+ · filter: .+"), Fx.call(() -> w.exportCaption()));

        Path folded = dir.resolve("profile.folded");
        dev.jrec.gui.Exports.folded(Fx.call(() -> w.flame().profile()), folded);
        assertEquals(Fx.call(() -> w.flame().profile()).folded(), Files.readAllLines(folded));
    }

    @Test
    void offCpuStacksAreWeightedByTime() throws Exception {
        Fx.run(() -> w.flame().graph(Graph.OFF_CPU));
        Fx.settle(w);
        StackProfile p = Fx.call(() -> w.flame().profile());
        assertEquals(StackProfile.Kind.OFFCPU, p.kind());
        assertFalse(p.isEmpty());
        assertEquals(p.total(), Fx.call(() -> w.flame().canvas().tree().total()));
        Fx.run(() -> w.flame().graph(Graph.ON_CPU));
        Fx.settle(w);
    }

    @Test
    void aDifferentialGraphComparesTheSelectionWithTheRangeBeforeIt() throws Exception {
        long start = w.capture().startNs(), end = w.capture().endNs(), mid = start + (end - start) / 2;
        Fx.run(() -> w.filter().window(mid, end));
        Fx.settle(w);
        Fx.run(() -> w.flame().compare(FlameView.Compare.BEFORE));
        Fx.settle(w);
        FlameCanvas c = w.flame().canvas();
        FlameTree t = Fx.call(c::tree);
        dev.jrec.analysis.Filter now = dev.jrec.analysis.Filter.ALL.window(mid, end), before = now.window(mid - (end - mid), mid);
        StackProfile a = w.capture().reports().stacks(StackProfile.Kind.PROFILE, before);
        StackProfile b = w.capture().reports().stacks(StackProfile.Kind.PROFILE, now);
        assertEquals(b.total(), t.total(), "the graph is of the selection");
        assertEquals(0, Fx.call(() -> c.delta(0)), 1e-12, "the root has all of both");
        for (int i = 1; i < t.size(); i++) {
            if (t.depth(i) != 1) continue;
            String comm = t.name(i);
            double expected = share(b, comm) - share(a, comm);
            int n = i;
            assertEquals(expected, Fx.call(() -> c.delta(n)), 1e-9, comm);
        }
        assertTrue(Fx.call(() -> c.describe(1)).contains("baseline"), "the tooltip tells both shares");
        Fx.run(() -> w.flame().compare(FlameView.Compare.NONE));
        Fx.run(() -> w.filter().clear());
        Fx.settle(w);
    }

    private static double share(StackProfile p, String comm) {
        long sum = 0;
        for (StackProfile.Stack s : p.stacks()) if (p.frames().get(s.frames()[0]).folded().equals(comm)) sum += s.weight();
        return p.total() == 0 ? 0 : (double) sum / p.total();
    }

    /**
     * Wall clock: on-CPU samples as time (1/99 s each), off-CPU time less the run-queue waits that ended those
     * intervals (they are runnable time, with the stack the thread had blocked in), and the waits after a
     * preemption; each under its marker, the off-CPU part drawn cold and the runnable part lavender.
     */
    @Test
    void theWallClockGraphAddsOnCpuTimeFromTheSampleRateToOffCpuTime() throws Exception {
        assertEquals(99, WallClock.sampleHz(w.capture().reports().metadata()), "recorded with -F 99");
        StackProfile on = w.capture().reports().stacks(StackProfile.Kind.PROFILE, dev.jrec.analysis.Filter.ALL);
        StackProfile off = w.capture().reports().stacks(StackProfile.Kind.OFFCPU, dev.jrec.analysis.Filter.ALL);
        StackProfile runnable = w.capture().reports().runnableStacks(dev.jrec.analysis.Filter.ALL);
        long afterWakeup = 0;
        for (StackProfile.Stack s : runnable.stacks()) {
            if (!runnable.frames().get(s.frames()[s.frames().length - 1]).name().startsWith("[preempted")) afterWakeup += s.weight();
        }
        assertTrue(afterWakeup > 0 && afterWakeup < runnable.total(), "lockers waited for a CPU after a futex wake and after preemptions: "
                + afterWakeup + " of " + runnable.total());
        long expected = off.total() - afterWakeup + runnable.total();
        for (StackProfile.Stack s : on.stacks()) expected += Math.round(s.weight() * 1e6 / 99);
        Fx.run(() -> w.flame().graph(Graph.WALL_CLOCK));
        Fx.settle(w);
        FlameTree t = Fx.call(() -> w.flame().canvas().tree());
        assertEquals(expected, t.total());
        long offNodes = 0, runNodes = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.depth(i) == 2) assertTrue(List.of(WallClock.ON_CPU, WallClock.OFF_CPU, WallClock.RUNNABLE).contains(t.name(i)), t.name(i));
            if (t.name(i).equals(WallClock.OFF_CPU)) {
                offNodes += t.weight(i);
                for (int j = i; j < t.end[i]; j++) assertTrue(t.cold[j], "under " + WallClock.OFF_CPU + ": " + t.name(j));
            }
            if (t.name(i).equals(WallClock.RUNNABLE)) {
                runNodes += t.weight(i);
                for (int j = i; j < t.end[i]; j++) assertTrue(t.runnable[j] && !t.cold[j], "under " + WallClock.RUNNABLE + ": " + t.name(j));
            }
        }
        assertEquals(off.total() - afterWakeup, offNodes);
        assertEquals(runnable.total(), runNodes);
        Path svg = dir.resolve("wall.svg");
        dev.jrec.gui.Exports.svg(w.capture(), dev.jrec.analysis.Filter.ALL, Fx.call(() -> w.flame().profile()), "Flame graph: wall clock", svg);
        assertTrue(Files.readString(svg).contains("Flame graph: wall clock"));
        Fx.run(() -> w.flame().graph(Graph.ON_CPU));
        Fx.settle(w);
    }

    /** Narrow frames show the class and method (or nothing), not "C..". */
    @Test
    void narrowFramesKeepTheTellingPartOfTheirName() {
        double c = FlameCanvas.CHAR;
        assertEquals("HashMap.get", FlameCanvas.fit("java.util.HashMap.get(Object)", 12 * c));
        assertEquals("HashMap.g…", FlameCanvas.fit("java.util.HashMap.get(Object)", 10 * c));
        assertEquals("Parser::parse", FlameCanvas.fit("app::detail::Parser::parse", 14 * c));
        assertEquals("vector<std::pair<int, int>>::push_back", FlameCanvas.shortName("std::vector<std::pair<int, int>>::push_back"));
        assertEquals("do_syscall_64", FlameCanvas.fit("do_syscall_64_[k]", 14 * c));
        assertEquals("", FlameCanvas.fit("java.util.HashMap.get(Object)", 3 * c), "three characters name nothing");
        assertEquals("main", FlameCanvas.fit("main", 4 * c));
    }

    /**
     * The same stacks as trees and a butterfly: top-down's root holds them all, bottom-up's first rows are where the
     * time was spent (each function's self weight), and a function's callers and callees weigh no more than it.
     */
    @Test
    void topDownBottomUpAndCallerCalleeAgreeWithTheGraph() throws Exception {
        Fx.run(() -> w.select(w.flame()));
        Fx.run(() -> w.flame().graph(Graph.ON_CPU));
        Fx.settle(w);
        FlameView v = w.flame();
        FlameTree graph = Fx.call(() -> v.canvas().tree());
        var top = Fx.call(() -> v.topDown().node().getRoot());
        assertEquals(graph.total(), Fx.call(() -> graph.weight(top.getValue())));
        var calls = Fx.call(() -> List.copyOf(v.callerCallee().functions().getItems()));
        assertFalse(calls.isEmpty());
        // bottom-up: the roots' children are leaf frames, each weighing its function's self weight, heaviest first
        var firstLevel = Fx.call(() -> List.copyOf(v.bottomUp().node().getRoot().getChildren()));
        FlameTree up = Fx.call(() -> v.bottomUpTree());
        java.util.Map<String, Long> self = new java.util.HashMap<>();
        for (var f : calls) self.put(f.name(), f.self());
        long prev = Long.MAX_VALUE;
        for (var item : firstLevel) {
            String name = up.name(item.getValue());
            long wgt = up.weight(item.getValue());
            assertTrue(wgt <= prev, "heaviest first");
            prev = wgt;
            assertEquals(self.get(name), wgt, name + ": its bottom-up weight is its self weight");
        }
        var heaviest = calls.getFirst();
        Fx.run(() -> v.callerCallee().select(heaviest.name()));
        for (var c : Fx.call(() -> List.copyOf(v.callerCallee().callees().getItems()))) assertTrue(c.weight() <= heaviest.total(), c.toString());
        var callee = Fx.call(() -> v.callerCallee().callees().getItems().isEmpty() ? null : v.callerCallee().callees().getItems().getFirst());
        if (callee != null) {
            Fx.run(() -> v.callerCallee().select(callee.name()));
            assertTrue(Fx.call(() -> v.callerCallee().callers().getItems().stream().anyMatch(x -> x.name().equals(heaviest.name()))),
                    "walking down to a callee, its caller is listed");
        }
    }
}
