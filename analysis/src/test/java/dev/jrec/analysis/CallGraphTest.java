package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.StackProfile.Frame;
import dev.jrec.analysis.StackProfile.FrameType;
import dev.jrec.analysis.StackProfile.Stack;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caller/callee and bottom-up on stacks worked out by hand, recursion included. */
class CallGraphTest {
    // frames: 0 task "app", 1 main, 2 parse, 3 read, 4 sys_read (kernel), 5 eval
    static final List<Frame> FRAMES = List.of(new Frame("app", null, FrameType.TASK), new Frame("main", "app", FrameType.USER),
            new Frame("parse", "app", FrameType.USER), new Frame("read", "libc", FrameType.USER), new Frame("sys_read", null, FrameType.KERNEL),
            new Frame("eval", "app", FrameType.USER));
    static final StackProfile P = new StackProfile(StackProfile.Kind.PROFILE, FRAMES, List.of(
            new Stack(new int[] {0, 1, 2, 3, 4}, 10), // main > parse > read > sys_read
            new Stack(new int[] {0, 1, 2}, 5), // main > parse (self)
            new Stack(new int[] {0, 1, 5, 5, 3}, 7), // main > eval > eval > read: eval recurses
            new Stack(new int[] {0, 1}, 1)));

    @Test
    void functionsHaveSelfAndTotalAndRecursionCountsOnce() {
        CallGraph g = CallGraph.of(P);
        assertEquals(23, g.total());
        assertEquals(List.of(new CallGraph.Function("main", 1, 23), new CallGraph.Function("read", 7, 17),
                new CallGraph.Function("parse", 5, 15), new CallGraph.Function("sys_read_[k]", 10, 10),
                new CallGraph.Function("eval", 0, 7)), g.functions());
    }

    @Test
    void callersAndCalleesAreWeighedByTheStacksThroughThatCall() {
        CallGraph g = CallGraph.of(P);
        assertEquals(List.of(new CallGraph.Call("parse", 10), new CallGraph.Call("eval", 7)), g.callers("read"));
        assertEquals(List.of(new CallGraph.Call("sys_read_[k]", 10)), g.callees("read"));
        assertEquals(List.of(new CallGraph.Call("parse", 15), new CallGraph.Call("eval", 7)), g.callees("main"));
        assertEquals(List.of(), g.callers("main"), "the task is not a caller");
        // eval called itself once per stack
        assertEquals(List.of(new CallGraph.Call("eval", 7), new CallGraph.Call("main", 7)), g.callers("eval"));
    }

    @Test
    void invertedStacksStartAtTheLeaf() {
        StackProfile inv = P.inverted();
        assertEquals("sys_read_[k];read;parse;main;app", inv.path(inv.stacks().getFirst()));
        assertEquals(P.total(), inv.total());
    }
}
