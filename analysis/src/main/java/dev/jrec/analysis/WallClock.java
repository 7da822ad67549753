package dev.jrec.analysis;

import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.schema.MetadataKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wall-clock flame graph: where threads spent their time, on CPU and off it, in one graph (Brendan Gregg's
 * hot/cold flame graph). On-CPU samples become time through the sampling rate; each task splits into an
 * {@link #ON_CPU}, an {@link #OFF_CPU} (blocked) and, with scheduler events, a {@link #RUNNABLE} (waiting for a
 * CPU) subtree, so widths add up to the time its threads existed (as far as off-CPU intervals longer than the
 * recording's minimum were recorded). Shared by jrec export --stacks wallclock
 * and the workbench.
 */
public final class WallClock {
    public static final String ON_CPU = "[on CPU]";
    public static final String OFF_CPU = "[off CPU]";
    /** Waiting for a CPU: woken (or preempted) and not yet switched in. */
    public static final String RUNNABLE = "[runnable]";
    private static final Pattern SAMPLE_HZ = Pattern.compile("\"sample_hz\"\\s*:\\s*(\\d+)");

    private WallClock() {}

    /** The profile's sampling rate from the recording's configuration; 0 when it is not recorded. */
    public static int sampleHz(CaptureMetadata md) {
        String config = md.get(MetadataKeys.CONFIG);
        if (config == null) return 0;
        Matcher m = SAMPLE_HZ.matcher(config);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** On-CPU samples (each 1/hz s) and off-CPU microseconds as one profile weighted by microseconds. */
    public static StackProfile combine(StackProfile on, StackProfile off, int hz) {
        return combine(on, off, new StackProfile(StackProfile.Kind.OFFCPU, List.of(), List.of()), hz);
    }

    /**
     * As {@link #combine(StackProfile, StackProfile, int)}, with the time threads waited for a CPU under a
     * {@link #RUNNABLE} marker of its own: an off-CPU interval lasts until its switch-in, so the wait that ended
     * it (runnable_stacks, with the same path) is taken out of its {@link #OFF_CPU} weight; the waits after a
     * preemption, which no off-CPU interval holds, are added.
     */
    public static StackProfile combine(StackProfile on, StackProfile off, StackProfile runnable, int hz) {
        List<StackProfile.Frame> frames = new ArrayList<>(on.frames());
        int offBase = frames.size();
        frames.addAll(off.frames());
        int runBase = frames.size();
        frames.addAll(runnable.frames());
        int onMark = frames.size(), offMark = onMark + 1, runMark = onMark + 2;
        frames.add(new StackProfile.Frame(ON_CPU, null, StackProfile.FrameType.USER));
        frames.add(new StackProfile.Frame(OFF_CPU, null, StackProfile.FrameType.USER));
        frames.add(new StackProfile.Frame(RUNNABLE, null, StackProfile.FrameType.USER));
        java.util.Map<String, Long> waited = new java.util.HashMap<>();
        for (StackProfile.Stack s : runnable.stacks()) waited.merge(runnable.path(s), s.weight(), Long::sum);
        List<StackProfile.Stack> stacks = new ArrayList<>();
        double usPerSample = 1e6 / hz;
        for (StackProfile.Stack s : on.stacks()) stacks.add(new StackProfile.Stack(marked(s.frames(), 0, onMark), Math.round(s.weight() * usPerSample)));
        for (StackProfile.Stack s : off.stacks()) {
            // two stacks may fold to one path (same functions, other addresses): the path's wait comes off once
            long wait = Math.min(s.weight(), waited.getOrDefault(off.path(s), 0L));
            if (wait > 0) waited.merge(off.path(s), -wait, Long::sum);
            long blocked = s.weight() - wait;
            if (blocked > 0) stacks.add(new StackProfile.Stack(marked(s.frames(), offBase, offMark), blocked));
        }
        for (StackProfile.Stack s : runnable.stacks()) stacks.add(new StackProfile.Stack(marked(s.frames(), runBase, runMark), s.weight()));
        return new StackProfile(StackProfile.Kind.OFFCPU, frames, stacks);
    }

    /** The stack with its frame indexes shifted by {@code base} and the marker after the task's frame. */
    private static int[] marked(int[] frames, int base, int mark) {
        int[] out = new int[frames.length + 1];
        out[0] = frames[0] + base;
        out[1] = mark;
        for (int i = 1; i < frames.length; i++) out[i + 1] = frames[i] + base;
        return out;
    }
}
