package dev.jrec.gui.timeline;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.Query;
import dev.jrec.formats.schema.Source;
import dev.jrec.analysis.Table;
import dev.jrec.gui.OpenCapture;
import dev.jrec.gui.Units;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TCP events of the thread lanes (timeline_thread_net, read with the syscall markers for the same window, bucket
 * and threads), their signals, hung-task reports and reclaim stalls (timeline_thread_alerts), and the OOM kills
 * (timeline_oom_kills, all of them), with what their tooltips say.
 */
final class NetEvents {
    private NetEvents() {}

    /** An OOM kill: its victim, and its resident memory and oom_score_adj when the kernel gave them. */
    record OomKill(long ts, int pid, int tid, String comm, Long rssBytes, Integer oomScoreAdj) {
        String name() {
            return (comm == null ? "?" : comm) + " (" + pid + ")";
        }

        String text(long startNs) {
            return "OOM kill: the kernel's OOM killer chose " + name() + " at " + Units.offset(ts - startNs) + " from the start\n"
                    + "RSS " + (rssBytes == null ? "not recorded" : bytes(rssBytes)) + ", oom_score_adj " + (oomScoreAdj == null ? "not recorded" : oomScoreAdj);
        }
    }

    static List<OomKill> oomKills(OpenCapture c) throws Exception {
        Table t = Query.named("timeline_oom_kills").table(c.connection(), Map.of());
        List<OomKill> out = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            Number rss = (Number) t.get(i, "rss_bytes"), adj = (Number) t.get(i, "oom_score_adj");
            out.add(new OomKill(((Number) t.get(i, "ts")).longValue(), ((Number) t.get(i, "pid")).intValue(), ((Number) t.get(i, "tid")).intValue(),
                    (String) t.get(i, "comm"), rss == null ? null : rss.longValue(), adj == null ? null : adj.intValue()));
        }
        return out;
    }

    /**
     * The TCP markers of the threads {@code p} asks for (tids, window and bucket as for timeline_thread_marks), and
     * their signals, hung-task reports and reclaim stalls (timeline_thread_alerts), by tid.
     */
    static Map<Integer, NetMarks> read(OpenCapture c, Map<String, Object> p) throws Exception {
        Map<Integer, NetMarks> out = new HashMap<>();
        var md = c.reports().metadata();
        if (Analysis.recorded(md, Source.PROC) || Analysis.recorded(md, Source.MEM)) alerts(c, p, out);
        if (!Analysis.recorded(md, Source.NET)) {
            out.values().forEach(NetMarks::sort);
            return out;
        }
        Map<String, Object> q = new HashMap<>(p);
        q.put("end_ns", c.endNs());
        Table t = Query.named("timeline_thread_net").table(c.connection(), q);
        for (int i = 0; i < t.rows().size(); i++) {
            String cat = (String) t.get(i, "cat");
            int n = (int) Math.min(Integer.MAX_VALUE, ((Number) t.get(i, "events")).longValue());
            boolean listen = Boolean.TRUE.equals(t.get(i, "listen"));
            String title = cat.equals("connection") ? (listen ? "listen " + local(t, i) : remote(t, i)) : null;
            byte kind = listen && cat.equals("connection") ? NetMarks.LISTENER : NetMarks.kind(cat);
            out.computeIfAbsent(((Number) t.get(i, "tid")).intValue(), k -> new NetMarks()).add(((Number) t.get(i, "start_ns")).longValue(),
                    ((Number) t.get(i, "dur_ns")).longValue(), kind, n, title, text(t, i, cat, n));
        }
        out.values().forEach(NetMarks::sort);
        return out;
    }

    private static void alerts(OpenCapture c, Map<String, Object> p, Map<Integer, NetMarks> out) throws Exception {
        Map<String, Object> q = new HashMap<>();
        for (String k : new String[] {"from_ns", "to_ns", "pids", "comm", "tids"}) q.put(k, p.get(k));
        Table t = Query.named("timeline_thread_alerts").table(c.connection(), q);
        for (int i = 0; i < t.rows().size(); i++) {
            String cat = str(t, i, "cat");
            long dur = ((Number) t.get(i, "dur_ns")).longValue();
            String text = switch (cat) {
                case "signal" -> "signal SIG" + str(t, i, "what") + " sent by " + str(t, i, "who") + " (" + str(t, i, "result") + ")";
                case "hung" -> "reported hung by the kernel: in D (uninterruptible) longer than kernel.hung_task_timeout_secs";
                default -> ("memcg".equals(str(t, i, "what")) ? "stalled reclaiming memory for its cgroup at its limit, "
                        : "stalled reclaiming memory (direct reclaim), ") + Units.duration(dur)
                        + (t.get(i, "bytes") == null ? "" : ", freed " + bytes(((Number) t.get(i, "bytes")).longValue()));
            };
            out.computeIfAbsent(((Number) t.get(i, "tid")).intValue(), k -> new NetMarks())
                    .add(((Number) t.get(i, "start_ns")).longValue(), 0, NetMarks.kind(cat), 1, null, text);
        }
    }

    private static String text(Table t, int i, String cat, int n) {
        String ends = local(t, i) + " → " + remote(t, i), state = str(t, i, "tcp_state");
        if (cat.equals("connection")) {
            if (n > 1) {
                return n + " TCP sockets opened here (zoom in to see them), the longest " + ends + sent(t, i, " in all");
            }
            boolean closed = "CLOSE".equals(state), listen = Boolean.TRUE.equals(t.get(i, "listen"));
            StringBuilder sb = new StringBuilder(listen ? "TCP listener on " + local(t, i) : "TCP connection " + ends);
            if (!closed) sb.append(", still open at the recording's end (last state ").append(state).append(')');
            else sb.append(", closed").append(listen ? "" : sent(t, i, ""));
            Object life = t.get(i, "lifetime_ns");
            if (life != null) sb.append(", lifetime ").append(Units.duration(((Number) life).doubleValue()));
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(switch (cat) {
            case "retransmit" -> "TCP retransmit " + ends;
            case "reset_sent" -> "TCP reset sent " + ends;
            case "reset_received" -> "TCP reset received by " + local(t, i) + " from " + remote(t, i) + ("SYN_SENT".equals(state) ? " (connection refused)" : "");
            default -> "TCP packet dropped " + ends;
        });
        String flags = str(t, i, "tcp_flags");
        if (flags != null && !flags.isEmpty()) sb.append(" [").append(flags).append(']');
        if (state != null) sb.append(", state ").append(state);
        if (t.get(i, "reason") != null) sb.append(", reason ").append(t.get(i, "reason"));
        if (t.get(i, "func") != null) sb.append(" in ").append(t.get(i, "func"));
        if (n > 1) sb.append("\n").append(n).append(" of them here, this the first (zoom in to see them)");
        return sb.toString();
    }

    private static String sent(Table t, int i, String suffix) {
        Object rx = t.get(i, "rx_bytes"), tx = t.get(i, "tx_bytes");
        if (rx == null && tx == null) return "";
        return ": " + (rx == null ? "?" : bytes(((Number) rx).longValue())) + " received, " + (tx == null ? "?" : bytes(((Number) tx).longValue())) + " sent" + suffix;
    }

    private static String local(Table t, int i) {
        return endpoint(str(t, i, "saddr"), t.get(i, "sport"));
    }

    private static String remote(Table t, int i) {
        return endpoint(str(t, i, "daddr"), t.get(i, "dport"));
    }

    private static String endpoint(String addr, Object port) {
        String a = addr == null ? "?" : addr.contains(":") ? "[" + addr + "]" : addr;
        return a + ":" + (port == null ? "?" : port);
    }

    private static String str(Table t, int i, String column) {
        return (String) t.get(i, column);
    }

    static String bytes(long b) {
        if (b < 10_240) return String.format(Locale.ROOT, "%,d B", b);
        if (b < 10L << 20) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        if (b < 10L << 30) return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
        return String.format(Locale.ROOT, "%.1f GiB", b / 1073741824.0);
    }
}
