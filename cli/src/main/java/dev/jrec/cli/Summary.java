package dev.jrec.cli;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.Source;
import dev.jrec.recorder.Recorder;
import java.io.PrintWriter;
import java.util.Locale;

/** The end-of-recording report on stderr: what the capture holds, and what was lost and why. */
final class Summary {
    private Summary() {}

    static void print(PrintWriter err, Recorder.Result r) {
        if (r.ring() != null) {
            Recorder.Ringed g = r.ring();
            err.printf(Locale.ROOT, "jrec: recorded %.1f s (stopped by %s, %s); the ring keeps the last %.1f s in %s (%s; %d segments dropped as it went); "
                    + "%d dump(s) written; 'jrec dump --dir %s' dumps it until the next start%n", r.elapsedNs() / 1e9, r.stopReason(), r.completion(),
                    (g.lastTs() - g.firstTs()) / 1e9, g.dir(), bytes(g.bytes()), g.droppedSegments(), g.dumps(), g.dir().getParent());
            err.println("  rows recorded, of which the ring keeps the last:");
        } else {
            err.printf(Locale.ROOT, "jrec: wrote %s (%s, %.1f s, stopped by %s, %s)%n", r.output(), bytes(r.totals().bytesOnDisk()),
                    r.elapsedNs() / 1e9, r.stopReason(), r.completion());
        }
        for (EventKind k : EventKind.values()) {
            long n = r.totals().rows(k);
            if (n > 0) err.printf(Locale.ROOT, "  %-18s %,14d%n", k.id(), n);
        }
        if (r.stacks() != null) for (String line : r.stacks().lines(5)) err.println("  " + line);
        long events = 0;
        for (Source s : Source.values()) events += r.totals().events(s);
        Recorder.Cpu cpu = r.cpu();
        err.printf(Locale.ROOT, "  recorder CPU       %7.2f s  (drain %.2f s, encode %.2f s, write %.2f s; %.2f us/event); join %.2f s%n",
                cpu.totalNs() / 1e9, cpu.drainNs() / 1e9, cpu.encodeNs() / 1e9, cpu.writeNs() / 1e9,
                cpu.totalNs() / 1e3 / Math.max(1, events), cpu.joinNs() / 1e9);
        Recorder.Spooled spool = r.spool();
        if (spool.spilledBytes() > 0) {
            err.printf(Locale.ROOT, "  spooled            %s to disk while the encoder was behind (%s at most); encoded %.2f s after the stop%n",
                    Units.bytes(spool.spilledBytes()), Units.bytes(spool.fileBytes()), spool.catchUpNs() / 1e9);
        }
        long lost = 0;
        for (var e : r.drops().entrySet()) {
            Source s = e.getKey();
            long stacks = r.totals().stacksMissing(s), untimed = r.totals().untimed(s), d = Math.max(0, e.getValue() - stacks - untimed);
            lost += d;
            if (d > 0) err.printf(Locale.ROOT, "  drops %-12s %,14d  (%.2f%% of its events)%n", s.id(), d, 100.0 * d / Math.max(1, d + r.totals().events(s)));
            if (stacks > 0) {
                err.printf(Locale.ROOT, "  no stack %-9s %,14d  events kept without their stack (the stack map was full, or a hash collided)%n",
                        s.id(), stacks);
            }
            if (untimed > 0) {
                err.printf(Locale.ROOT, "  untimed %-10s %,14d  events kept without on-CPU or wait time (their task's state could not be stored)%n",
                        s.id(), untimed);
            }
        }
        if (spool.stalledNs() > 0) {
            err.printf(Locale.ROOT, "  drain stalls       %7.2f s  (the spool was full: draining paused while the encoder caught up)%n", spool.stalledNs() / 1e9);
        }
        if (lost > 0 && spool.stalledNs() >= 100_000_000L) {
            err.println("jrec: events were dropped while the spool was full (the encoder fell further behind than --spool-max"
                    + " allows): raise --spool-max, give the encoder CPU with --encoder-nice 0, narrow the scope with"
                    + " -p/--comm/--cgroup, or for syscalls use --syscall-min-duration/--syscalls; 'jrec info' shows when");
        } else if (lost > 0) {
            err.println("jrec: events were dropped: raise --buffer (ring size per source), narrow the scope with -p/--comm,"
                    + " or for syscalls use --syscall-min-duration/--syscalls; on a busy host keep --nice at -20;"
                    + " 'jrec info' shows when (loss rows)");
        } else {
            err.println("  drops: none");
        }
    }

    /** As {@link Units#bytes}, but a capture under 1 KiB is said in KiB too. */
    static String bytes(long n) {
        return n < 1024 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0) : Units.bytes(n);
    }
}
