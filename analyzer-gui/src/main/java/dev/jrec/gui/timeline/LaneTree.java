package dev.jrec.gui.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The timeline's rows, as Perfetto and JMC arrange threads: the CPU lanes and the threads pinned by the user first
 * (they stay in place while the rest scrolls), then each process — a header row over its threads when it has more
 * than one, its lane alone when it has one — and the kernel threads in one group of their own, collapsed when there
 * is a workload to look at. What is open and what is pinned outlives a reload (a new filter, a new window).
 */
final class LaneTree {
    /** The kernel threads' group. */
    static final int KERNEL = -2;

    /** Groups the user opened or closed; the others are as {@link #openByDefault} says. */
    private final Map<Integer, Boolean> open = new HashMap<>();
    private final Set<Integer> pinned = new LinkedHashSet<>();
    private List<Lane> rows = List.of();
    private int fixed;
    private TimelineData data;
    /** Threads shown under a group's header (indented). */
    private final Set<Integer> grouped = new java.util.HashSet<>();

    /** Arranges the rows of {@code d} (null: none). */
    void build(TimelineData d) {
        data = d;
        grouped.clear();
        if (d == null) {
            rows = List.of();
            fixed = 0;
            return;
        }
        List<Lane> out = new ArrayList<>(d.cpus);
        Map<Integer, Lane> byTid = new HashMap<>();
        for (Lane l : d.threads) byTid.put(l.tid, l);
        for (int tid : pinned) if (byTid.containsKey(tid)) out.add(byTid.get(tid));
        fixed = out.size();
        Map<Integer, List<Lane>> processes = new LinkedHashMap<>();
        List<Lane> kernel = new ArrayList<>();
        for (Lane l : d.threads) {
            if (pinned.contains(l.tid)) continue;
            if (l.kernel) kernel.add(l);
            else processes.computeIfAbsent(l.pid, k -> new ArrayList<>()).add(l);
        }
        boolean workload = !processes.isEmpty();
        for (Map.Entry<Integer, List<Lane>> p : processes.entrySet()) {
            List<Lane> threads = p.getValue();
            if (threads.size() == 1) {
                out.add(threads.getFirst());
                continue;
            }
            boolean isOpen = open.getOrDefault(p.getKey(), true);
            String name = threads.getFirst().process == null ? "pid" : threads.getFirst().process;
            out.add(Lane.header(p.getKey(), name + " " + p.getKey() + " · " + threads.size() + " threads", new int[] {p.getKey()}, isOpen));
            if (isOpen) out.addAll(threads);
            threads.forEach(l -> grouped.add(l.tid));
        }
        if (!kernel.isEmpty()) {
            boolean isOpen = open.getOrDefault(KERNEL, !workload);
            int[] pids = kernel.stream().mapToInt(l -> l.pid).distinct().toArray();
            out.add(Lane.header(KERNEL, "kernel threads · " + kernel.size(), pids, isOpen));
            if (isOpen) out.addAll(kernel);
            kernel.forEach(l -> grouped.add(l.tid));
        }
        rows = List.copyOf(out);
    }

    List<Lane> rows() {
        return rows;
    }

    /** Rows at the top that do not scroll: the CPUs and the pinned threads. */
    int fixed() {
        return fixed;
    }

    /** Opens or closes a header's group. */
    void toggle(Lane header) {
        open.put(header.pid, !header.open);
        build(data);
    }

    boolean grouped(int tid) {
        return grouped.contains(tid);
    }

    boolean pinned(int tid) {
        return pinned.contains(tid);
    }

    /** Pins a thread's lane under the CPUs, or unpins it. */
    void pin(int tid, boolean on) {
        if (on) pinned.add(tid);
        else pinned.remove(tid);
        build(data);
    }

    /** Opens the group a thread's lane is in, so that it has a row; false when it had one already or has none. */
    boolean expandFor(int tid) {
        if (data == null) return false;
        for (Lane l : rows) if (l.isThread() && l.tid == tid) return false;
        for (Lane l : data.threads) {
            if (l.tid != tid) continue;
            open.put(l.kernel ? KERNEL : l.pid, true);
            build(data);
            return true;
        }
        return false;
    }

    /**
     * The next thread (after the one {@code afterTid}, wrapping) whose lane title contains {@code text}, ignoring case,
     * in the order the rows would have if every group were open; -1 when none does.
     */
    int find(String text, int afterTid) {
        if (data == null || text.isBlank()) return -1;
        String want = text.strip().toLowerCase(Locale.ROOT);
        List<Lane> order = new ArrayList<>();
        for (Lane l : data.threads) if (!l.kernel) order.add(l);
        for (Lane l : data.threads) if (l.kernel) order.add(l);
        int start = 0;
        for (int i = 0; i < order.size(); i++) if (order.get(i).tid == afterTid) start = i + 1;
        for (int k = 0; k < order.size(); k++) {
            Lane l = order.get((start + k) % order.size());
            if (l.title.toLowerCase(Locale.ROOT).contains(want) || (l.process != null && l.process.toLowerCase(Locale.ROOT).contains(want))) return l.tid;
        }
        return -1;
    }
}
