package dev.jrec.gui.flame;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.StackProfile;
import dev.jrec.analysis.StackProfile.Frame;
import dev.jrec.analysis.StackProfile.FrameType;
import dev.jrec.analysis.StackProfile.Stack;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlameTreeTest {
    // app;main;work 5, app;main;idle 2, app;main 1, db;poll_[k] 3
    static final List<Frame> FRAMES = List.of(new Frame("app", null, FrameType.TASK), new Frame("main", "app", FrameType.USER),
            new Frame("work", "app", FrameType.USER), new Frame("idle", "app", FrameType.USER), new Frame("db", null, FrameType.TASK),
            new Frame("poll", "vmlinux", FrameType.KERNEL));
    static final StackProfile P = new StackProfile(StackProfile.Kind.PROFILE, FRAMES, List.of(
            new Stack(new int[] {0, 1, 2}, 5), new Stack(new int[] {0, 1, 3}, 2), new Stack(new int[] {0, 1}, 1), new Stack(new int[] {4, 5}, 3)));

    @Test
    void stacksMergeIntoATreeInNameOrder() {
        FlameTree t = FlameTree.of(P);
        assertEquals(7, t.size(), t.toString());
        assertEquals(11, t.total());
        // depth-first, children by name: all, app, main, idle, work, db, poll_[k]
        assertEquals(List.of("all", "app", "main", "idle", "work", "db", "poll_[k]"),
                java.util.stream.IntStream.range(0, t.size()).mapToObj(t::name).toList());
        assertArrayEquals(new long[] {0, 0, 0, 0, 2, 8, 8}, t.start);
        assertArrayEquals(new long[] {11, 8, 8, 2, 5, 3, 3}, t.weight);
        assertArrayEquals(new int[] {7, 5, 5, 4, 5, 7, 7}, t.end);
        assertTrue(t.kernel[6]);
        assertEquals(List.of("app", "main", "work"), t.path(4));
    }

    @Test
    void aMatchUnderAMatchIsCountedOnce() {
        FlameTree t = FlameTree.of(P);
        assertEquals(8.0 / 11, t.matchedFraction(t.search("a")), 1e-9); // app (8) and its main, idle; db does not match "a"
        assertEquals(5.0 / 11, t.matchedFraction(t.search("work|nothing")), 1e-9);
        assertEquals(0, t.matchedFraction(t.search("")));
        assertEquals(3.0 / 11, t.matchedFraction(t.search("poll_[k")), 1e-9, "not a regex: taken as text");
    }

    @Test
    void aDifferentialMatchesFramesByPath() {
        // the baseline: app;main;work 1, db;poll_[k] 3 (total 4)
        StackProfile base = new StackProfile(StackProfile.Kind.PROFILE, FRAMES, List.of(new Stack(new int[] {0, 1, 2}, 1), new Stack(new int[] {4, 5}, 3)));
        FlameTree now = FlameTree.of(P);
        double[] share = now.baseShares(FlameTree.of(base));
        // all, app, main, idle, work, db, poll_[k]
        assertArrayEquals(new double[] {1, 0.25, 0.25, 0, 0.25, 0.75, 0.75}, share, 1e-9);
    }
}
