package dev.jrec.gui;

import dev.jrec.analysis.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The one filter every view applies (linked brushing): a time window selected in any time-based view, and
 * processes picked anywhere. Views listen to it; the filter bar shows it and clears it.
 */
public final class FilterModel {
    private final ReadOnlyObjectWrapper<Filter> filter = new ReadOnlyObjectWrapper<>(Filter.ALL);
    private long recordingStartNs;

    public ReadOnlyObjectProperty<Filter> property() {
        return filter.getReadOnlyProperty();
    }

    public Filter get() {
        return filter.get();
    }

    /** Forgets the filter of the previous capture; times are shown from this recording's start. */
    public void reset(long recordingStartNs) {
        this.recordingStartNs = recordingStartNs;
        filter.set(Filter.ALL);
    }

    /** Keeps [from, to) only; a window shorter than 1 µs is taken as a click, not a selection, and ignored. */
    public void window(long fromNs, long toNs) {
        long from = Math.min(fromNs, toNs), to = Math.max(fromNs, toNs);
        if (to - from < 1_000) return;
        filter.set(get().window(from, to));
    }

    public void clearWindow() {
        filter.set(get().window(Filter.ALL.fromNs(), Filter.ALL.toNs()));
    }

    public void pids(List<Integer> pids) {
        filter.set(get().pids(pids));
    }

    /** Adds a process to the kept ones (a click on a lane or a row). */
    public void addPid(int pid) {
        if (get().pids().contains(pid)) return;
        List<Integer> p = new ArrayList<>(get().pids());
        p.add(pid);
        pids(p);
    }

    /** @param comm exact or a glob; blank keeps all */
    public void comm(String comm) {
        filter.set(get().comm(comm == null || comm.isBlank() ? null : comm.strip()));
    }

    public void clear() {
        filter.set(Filter.ALL);
    }

    public boolean isEmpty() {
        return get().equals(Filter.ALL);
    }

    /** The filter as the filter bar shows it, with times from the recording's start. */
    public String describe() {
        Filter f = get();
        List<String> parts = new ArrayList<>();
        if (f.windowed()) {
            parts.add("time " + Units.offset(f.fromNs() - recordingStartNs) + " → " + Units.offset(f.toNs() - recordingStartNs)
                    + " (" + Units.duration(f.toNs() - f.fromNs()) + ")");
        }
        if (!f.pids().isEmpty()) parts.add("pid " + String.join(",", f.pids().stream().map(String::valueOf).toList()));
        if (f.comm() != null) parts.add("comm " + f.comm());
        return parts.isEmpty() ? "no filter: the whole capture" : String.join("  ·  ", parts).toLowerCase(Locale.ROOT);
    }
}
