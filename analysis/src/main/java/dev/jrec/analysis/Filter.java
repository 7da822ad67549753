package dev.jrec.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What part of a capture an analysis looks at. Each analysis applies it to its subject (for runqlat the
 * task switched in, for cpudist the task switched out, for block I/O the issuing process).
 *
 * @param fromNs window start on the capture clock, inclusive
 * @param toNs window end, exclusive; an event with a duration counts where it ends (its ts)
 * @param pids processes (tgids) to keep; empty keeps all
 * @param comm comm to keep, exact or a glob such as {@code kworker*}; null keeps all
 * @param disk block device name to keep (block analyses only); null keeps all
 */
public record Filter(long fromNs, long toNs, List<Integer> pids, String comm, String disk) {
    public static final Filter ALL = new Filter(Long.MIN_VALUE, Long.MAX_VALUE, List.of(), null, null);

    public Filter {
        pids = List.copyOf(pids);
        if (fromNs > toNs) throw new IllegalArgumentException("the window ends before it starts");
    }

    public Filter window(long from, long to) {
        return new Filter(from, to, pids, comm, disk);
    }

    public Filter pids(List<Integer> p) {
        return new Filter(fromNs, toNs, p, comm, disk);
    }

    public Filter comm(String c) {
        return new Filter(fromNs, toNs, pids, c, disk);
    }

    public Filter disk(String d) {
        return new Filter(fromNs, toNs, pids, comm, d);
    }

    public boolean windowed() {
        return fromNs != Long.MIN_VALUE || toNs != Long.MAX_VALUE;
    }

    /** The standard query parameters ({@code $from_ns $to_ns $pids $comm $disk}). */
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from_ns", fromNs);
        m.put("to_ns", toNs);
        m.put("pids", pids);
        m.put("comm", comm);
        m.put("disk", disk);
        return m;
    }
}
