package dev.jrec.gui.timeline;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A thread's TCP events on its lane, sorted by start: its connections as slices (which overlap, and may last the
 * whole recording) and its retransmits, resets and drops as points; a row read at a level of detail may stand for
 * several ({@link #events}). And the other rare events the lane marks as points: signals sent to it, hung-task
 * reports, reclaim stalls. Kept apart from the syscall markers, which are short and searched another way.
 */
final class NetMarks {
    static final byte CONNECTION = 0, RETRANSMIT = 1, RESET_SENT = 2, RESET_RECEIVED = 3, DROP = 4, LISTENER = 5,
            SIGNAL = 6, HUNG = 7, RECLAIM = 8, KINDS = 9;

    long[] start = new long[0];
    long[] dur = new long[0];
    byte[] kind = new byte[0];
    int[] events = new int[0];
    /** A connection's remote end as its slice is labelled (10.0.0.2:5432); null for the points. */
    String[] title = new String[0];
    /** What the tooltip says of it. */
    String[] text = new String[0];
    int size;
    /** The longest slice: a connection starting this long before the view may still be in it. */
    long maxDur;

    static byte kind(String cat) {
        return switch (cat) {
            case "connection" -> CONNECTION;
            case "retransmit" -> RETRANSMIT;
            case "reset_sent" -> RESET_SENT;
            case "reset_received" -> RESET_RECEIVED;
            case "signal" -> SIGNAL;
            case "hung" -> HUNG;
            case "reclaim" -> RECLAIM;
            default -> DROP;
        };
    }

    void add(long s, long d, byte k, int n, String t, String tip) {
        if (size == start.length) {
            int c = Math.max(8, size * 2);
            start = Arrays.copyOf(start, c);
            dur = Arrays.copyOf(dur, c);
            kind = Arrays.copyOf(kind, c);
            events = Arrays.copyOf(events, c);
            title = Arrays.copyOf(title, c);
            text = Arrays.copyOf(text, c);
        }
        start[size] = s;
        dur[size] = d;
        kind[size] = k;
        events[size] = n;
        title[size] = t;
        text[size] = tip;
        maxDur = Math.max(maxDur, d);
        size++;
    }

    boolean isPoint(int i) {
        return kind[i] != CONNECTION && kind[i] != LISTENER;
    }

    /** The first row that can reach {@code t}: none starting before it, less the longest slice, ends after it. */
    int firstReaching(long t) {
        int i = Arrays.binarySearch(start, 0, size, t - maxDur);
        return Math.max(0, i < 0 ? -i - 1 : i);
    }

    /** The point within {@code slack} of {@code t} nearest to it, or -1. */
    int pointAt(long t, long slack) {
        int best = -1;
        for (int i = firstReaching(t - slack); i < size && start[i] <= t + slack; i++) {
            if (isPoint(i) && (best < 0 || Math.abs(start[i] - t) < Math.abs(start[best] - t))) best = i;
        }
        return best;
    }

    /** The connection covering {@code t} (give or take {@code slack}) that started last, or -1. */
    int connectionAt(long t, long slack) {
        int best = -1;
        for (int i = firstReaching(t - slack); i < size && start[i] <= t + slack; i++) {
            if (!isPoint(i) && t < start[i] + dur[i] + slack) best = i;
        }
        return best;
    }

    /** Sorts the rows by start (rows of several threads' queries come by thread, then time). */
    void sort() {
        boolean sorted = true;
        for (int i = 1; i < size && sorted; i++) sorted = start[i - 1] <= start[i];
        if (sorted) return;
        Integer[] idx = new Integer[size];
        for (int i = 0; i < size; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingLong(i -> start[i]));
        NetMarks m = new NetMarks();
        for (int i : idx) m.add(start[i], dur[i], kind[i], events[i], title[i], text[i]);
        replace(m);
    }

    /** Takes the rows another set collected (read off the UI thread for another time window). */
    void replace(NetMarks from) {
        start = from.start;
        dur = from.dur;
        kind = from.kind;
        events = from.events;
        title = from.title;
        text = from.text;
        size = from.size;
        maxDur = from.maxDur;
    }
}
