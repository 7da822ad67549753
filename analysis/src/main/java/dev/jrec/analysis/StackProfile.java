package dev.jrec.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Weighted stacks, the input of folded output, flame graphs and speedscope: each stack is a path of frames
 * root first — the task's comm, then its user frames root to leaf, then its kernel frames root to leaf (BCC's
 * folded order) — with a weight (samples, or microseconds). Frames are shared between stacks, and two
 * stacks never have the same path.
 *
 * @param kind what the stacks are of and what their weights count
 * @param frames every frame some stack uses
 * @param stacks the stacks in BCC's folded order: the least weight first, equal weights by their text
 */
public record StackProfile(Kind kind, List<Frame> frames, List<Stack> stacks) {
    public StackProfile {
        frames = List.copyOf(frames);
        stacks = List.copyOf(stacks);
    }

    /** The stack views; each BCC tool's folded output. */
    public enum Kind {
        /** On-CPU samples, like BCC's {@code profile -f}. */
        PROFILE("samples", "on-CPU samples"),
        /** Where threads blocked, like BCC's {@code offcputime -f}. */
        OFFCPU("microseconds", "off-CPU time"),
        /** Who woke blocked threads (the waker's stack, then the woken comm), like BCC's {@code wakeuptime -f}. */
        WAKEUP("microseconds", "blocked time by waker"),
        /** Where page faults happened (the faulting user stack), weighted by faults: a memory flame graph. */
        FAULT("faults", "page faults");

        /** What a weight counts: {@code samples} or {@code microseconds} (speedscope's unit names). */
        public final String unit;
        /** A title for a graph of them. */
        public final String title;

        Kind(String unit, String title) {
            this.unit = unit;
            this.title = title;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a frame is: a task (comm), user code, kernel code. */
    public enum FrameType {
        TASK, USER, KERNEL
    }

    /**
     * @param name the function, or for an unresolved frame {@code [module+0xoffset]} or {@code [unknown]}; a task's comm
     * @param module the binary or kernel module it is in; null for a task or when unknown
     * @param type task, user or kernel
     */
    public record Frame(String name, String module, FrameType type) {
        /** The name in folded output: kernel frames get FlameGraph's {@code _[k]} annotation; {@code ;} would split a frame. */
        public String folded() {
            String n = clean(name);
            return type == FrameType.KERNEL ? n + "_[k]" : n;
        }

        /** A frame name that folded stacks can hold: no {@code ;}, no line breaks. */
        static String clean(String s) {
            if (s == null || s.isEmpty()) return "[unknown]";
            return s.replace(';', ':').replace('\n', ' ').replace('\r', ' ');
        }
    }

    /**
     * @param frames indexes into {@link #frames()}, root first
     * @param weight samples or microseconds
     */
    public record Stack(int[] frames, long weight) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Stack s && s.weight == weight && Arrays.equals(s.frames, frames);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frames) * 31 + Long.hashCode(weight);
        }

        @Override
        public String toString() {
            return "Stack" + Arrays.toString(frames) + "=" + weight;
        }
    }

    public boolean isEmpty() {
        return stacks.isEmpty();
    }

    /**
     * The same stacks leaf first, for a bottom-up tree (Hotspot's and JMC's): its roots are where the weight was
     * spent, their children the callers, down to the task.
     */
    public StackProfile inverted() {
        List<Stack> out = new ArrayList<>(stacks.size());
        for (Stack s : stacks) {
            int[] f = new int[s.frames.length];
            for (int i = 0; i < f.length; i++) f[i] = s.frames[f.length - 1 - i];
            out.add(new Stack(f, s.weight));
        }
        return new StackProfile(kind, frames, out);
    }

    /** The sum of the weights. */
    public long total() {
        long t = 0;
        for (Stack s : stacks) t += s.weight;
        return t;
    }

    /** A stack as a folded line without its weight: {@code comm;root;...;leaf}. */
    public String path(Stack s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.frames.length; i++) sb.append(i > 0 ? ";" : "").append(frames.get(s.frames[i]).folded());
        return sb.toString();
    }

    /** The folded lines, as BCC's tools print them with -f: {@code comm;root;...;leaf weight}. */
    public List<String> folded() {
        List<String> out = new ArrayList<>(stacks.size());
        for (Stack s : stacks) out.add(path(s) + " " + s.weight);
        return out;
    }

    /** Stacks in BCC's folded order: the least weight first, then by text. */
    static List<Stack> ordered(List<Frame> frames, List<Stack> stacks) {
        StackProfile p = new StackProfile(Kind.PROFILE, frames, List.of());
        List<String> paths = new ArrayList<>(stacks.size());
        Integer[] idx = new Integer[stacks.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
            paths.add(p.path(stacks.get(i)));
        }
        Arrays.sort(idx, Comparator.<Integer>comparingLong(i -> stacks.get(i).weight).thenComparing(paths::get));
        List<Stack> out = new ArrayList<>(idx.length);
        for (int i : idx) out.add(stacks.get(i));
        return out;
    }
}
