package dev.jrec.gui;

import dev.jrec.analysis.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The one filter every view applies (linked brushing): a time window selected in any time-based view, and
 * processes picked anywhere. Views listen to it; the filter bar shows it and clears it. Each change can be undone
 * and redone, as a browser's back and forward (Alt+← and Alt+→): an investigation narrows and widens the window
 * many times, and the previous one should be one key away.
 */
public final class FilterModel {
    /** Steps kept back: far more than one goes back through, few enough to be nothing in memory. */
    static final int HISTORY = 200;

    private final ReadOnlyObjectWrapper<Filter> filter = new ReadOnlyObjectWrapper<>(Filter.ALL);
    private final java.util.Deque<Filter> back = new java.util.ArrayDeque<>(), forward = new java.util.ArrayDeque<>();
    private final javafx.beans.property.BooleanProperty canBack = new javafx.beans.property.SimpleBooleanProperty(),
            canForward = new javafx.beans.property.SimpleBooleanProperty();
    private long recordingStartNs;

    public ReadOnlyObjectProperty<Filter> property() {
        return filter.getReadOnlyProperty();
    }

    public Filter get() {
        return filter.get();
    }

    /** Forgets the filter of the previous capture and its history; times are shown from this recording's start. */
    public void reset(long recordingStartNs) {
        this.recordingStartNs = recordingStartNs;
        back.clear();
        forward.clear();
        filter.set(Filter.ALL);
        steps();
    }

    /** The filter before the last change; false when there is none. */
    public boolean back() {
        if (back.isEmpty()) return false;
        forward.push(get());
        filter.set(back.pop());
        steps();
        return true;
    }

    /** The filter a {@link #back()} left; false when there is none. */
    public boolean forward() {
        if (forward.isEmpty()) return false;
        back.push(get());
        filter.set(forward.pop());
        steps();
        return true;
    }

    public javafx.beans.value.ObservableBooleanValue canBack() {
        return canBack;
    }

    public javafx.beans.value.ObservableBooleanValue canForward() {
        return canForward;
    }

    /** A new filter: the current one goes on the back list, and what was forward of it is gone, as in a browser. */
    private void set(Filter f) {
        Filter now = get();
        if (f.equals(now)) return;
        back.push(now);
        while (back.size() > HISTORY) back.removeLast();
        forward.clear();
        filter.set(f);
        steps();
    }

    private void steps() {
        canBack.set(!back.isEmpty());
        canForward.set(!forward.isEmpty());
    }

    /** Keeps [from, to) only; a window shorter than 1 µs is taken as a click, not a selection, and ignored. */
    public void window(long fromNs, long toNs) {
        long from = Math.min(fromNs, toNs), to = Math.max(fromNs, toNs);
        if (to - from < 1_000) return;
        set(get().window(from, to));
    }

    public void clearWindow() {
        set(get().window(Filter.ALL.fromNs(), Filter.ALL.toNs()));
    }

    public void pids(List<Integer> pids) {
        set(get().pids(pids));
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
        set(get().comm(comm == null || comm.isBlank() ? null : comm.strip()));
    }

    public void clear() {
        set(Filter.ALL);
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
