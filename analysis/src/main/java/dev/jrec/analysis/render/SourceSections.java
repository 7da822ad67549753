package dev.jrec.analysis.render;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.Filter;
import dev.jrec.analysis.MissingSourceException;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.Table;
import dev.jrec.formats.read.CaptureMetadata;
import dev.jrec.formats.schema.Source;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A section per source family beyond the scheduler's (network, interrupts, memory, locks, user probes): the tables an SRE reads
 * first, from the same named views as {@code jrec report}. The HTML postmortem prints them; the workbench's
 * overview shows them for the filter. A section whose source was not recorded has no tables.
 */
public final class SourceSections {
    private SourceSections() {}

    public static List<HtmlReport.Section> of(Reports r, Filter f) throws SQLException {
        CaptureMetadata md = r.metadata();
        List<HtmlReport.Section> sources = new ArrayList<>();
        List<Table> network = new ArrayList<>();
        if (Analysis.recorded(md, Source.NET)) {
            try {
                network.add(r.listing("tcppeers", "Per process and peer (tcppeers), troubled peers first", f, 30, Map.of()));
                network.add(r.listing("tcpdrop", "Packets dropped (tcpdrop), the first 50", f, 50, Map.of("purged", false)));
                network.add(r.listing("tcpretrans", "Retransmits (tcpretrans), the first 50", f, 50, Map.of()));
            } catch (MissingSourceException e) {
                throw new IllegalStateException(e); // checked first
            }
        }
        sources.add(new HtmlReport.Section("network", "Network",
                "TCP as the kernel saw it: connections per process and peer, then the packets it dropped and the segments it retransmitted.", network));
        List<Table> interrupts = new ArrayList<>();
        if (Analysis.recorded(md, Source.IRQ)) {
            try {
                Map<String, Object> totals = new java.util.HashMap<>();
                totals.put("cpu", null);
                totals.put("counts", false);
                totals.put("unit_ns", 1000L);
                interrupts.add(r.listing("hardirqs", "Hard IRQ handler time (hardirqs)", f, 30, totals));
                interrupts.add(r.listing("softirqs", "Softirq handler time (softirqs)", f, 30, totals));
                Map<String, Object> steal = new java.util.HashMap<>();
                steal.put("cpu", null);
                steal.put("per_thread", false);
                steal.put("limit", 20L);
                interrupts.add(r.listing("irqsteal", "Processes that IRQs ran over the most (irqsteal)", f, 20, steal));
            } catch (MissingSourceException e) {
                throw new IllegalStateException(e); // checked first
            }
        }
        sources.add(new HtmlReport.Section("interrupts", "Interrupts",
                "Time in hard IRQ and softirq handlers, in microseconds, and the processes they ran over: time taken from them.", interrupts));
        sources.add(new HtmlReport.Section("memory", "Memory", "Memory pressure as the processes felt it: OOM kills and who triggered"
                + " them, the processes that grew the most, the faults they took, and the stalls they spent reclaiming memory.", memory(r, md, f)));
        List<Table> locks = new ArrayList<>();
        if (Analysis.recorded(md, Source.LOCK)) {
            try {
                locks.add(r.listing("lockstat", "Kernel lock contention per caller (lockstat)", f, 20, Map.of("by", "caller", "limit", 20L)));
                locks.add(r.listing("lockstat", "Kernel lock contention per lock (lockstat -l)", f, 20, Map.of("by", "lock", "limit", 20L)));
                locks.add(r.listing("futexctn", "Futex waits per process, word and call site (futexctn)", f, 20, Map.of("limit", 20L)));
            } catch (MissingSourceException e) {
                throw new IllegalStateException(e); // checked first
            }
        }
        sources.add(new HtmlReport.Section("locks", "Locks", "Time threads waited for kernel locks (per caller, as perf lock contention"
                + " prints it, then per lock) and on futexes in user space, with the thread that woke them.", locks));
        List<Table> probes = new ArrayList<>();
        if (Analysis.recorded(md, Source.UPROBE)) {
            try {
                probes.add(r.listing("funccount", "Calls per probed function (funccount)", f, 30, Map.of("limit", 30L)));
                Map<String, Object> leaks = new java.util.HashMap<>();
                leaks.put("older_ns", 0L);
                leaks.put("limit", 20L);
                Table memleak = r.listing("memleak", "Allocations not freed at the end, by stack (memleak)", f, 20, leaks);
                if (!memleak.rows().isEmpty()) probes.add(memleak);
            } catch (MissingSourceException e) {
                throw new IllegalStateException(e); // checked first
            }
        }
        sources.add(new HtmlReport.Section("probes", "User probes", "Calls into user-space code recorded with --uprobe, --uretprobe and"
                + " --usdt (their latency histograms are with the others above); with --memleak, what was still allocated at the end.", probes));
        return sources;
    }

    /** OOM kills (proc: recorded by default) and, with the mem source, growth, faults and reclaim stalls. */
    private static List<Table> memory(Reports r, CaptureMetadata md, Filter f) throws SQLException {
        List<Table> out = new ArrayList<>();
        try {
            boolean kills = md.rows(dev.jrec.formats.schema.EventKind.OOM_KILL) > 0;
            if (kills) out.add(r.listing("oomkill", "OOM kills (oomkill): the trigger and its victim", f, 50, Map.of()));
            if (Analysis.recorded(md, Source.MEM)) {
                out.add(r.listing("rss_growth", "Resident memory, the most growth first (rss)", f, 20, Map.of()));
                out.add(r.listing("faults", "Page faults per process (faults), estimated from the samples", f, 20, Map.of()));
                out.add(r.listing("drsnoop", "Reclaim stalls (drsnoop), the first 50", f, 50, Map.of()));
            }
        } catch (MissingSourceException e) {
            throw new IllegalStateException(e); // checked first
        }
        return out;
    }
}
