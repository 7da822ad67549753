package dev.jrec.cli;

import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.Ring;
import dev.jrec.recorder.RecordConfig;
import dev.jrec.recorder.ring.RingOptions;
import dev.jrec.recorder.ring.CpuBusy;
import dev.jrec.recorder.ring.Trigger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** record's flight-recorder options (--ring and what goes with it), and what they make: {@link RingOptions}. */
final class RingMode {
    @picocli.CommandLine.Option(names = "--ring", paramLabel = "TIME",
            description = {"flight recorder: record continuously, keeping only the last TIME of events (e.g. 5m) in",
                "DIR/ring.parts; 'jrec dump' (or SIGUSR2) writes them as a capture while it records, --trigger does by itself"})
    String ring;

    @picocli.CommandLine.Option(names = "--ring-size", paramLabel = "SIZE", defaultValue = "1G",
            description = "with --ring: at most this much disk for the ring, whichever limit comes first (default: ${DEFAULT-VALUE}); a full disk shrinks it")
    String ringSize;

    @picocli.CommandLine.Option(names = "--dir", paramLabel = "DIR", defaultValue = RingDir.DEFAULT,
            description = "with --ring: the ring, the dumps (DIR/dumps) and the control socket jrec dump/trigger use (default: ${DEFAULT-VALUE})")
    Path dir;

    @picocli.CommandLine.Option(names = "--trigger", paramLabel = "WHEN",
            description = {"with --ring: dump the window around an event like this (repeatable): 'runqlat > 50ms',",
                "'syscall > 2s name=fsync', 'block > 500ms', 'offcpu > 5s comm=postgres', 'exit signal=SEGV|ABRT|KILL',",
                "'exec comm=NAME', 'oom' (their source must be recorded: --events), 'cpu busy > 95%% for 10s'",
                "(/proc/stat, cpu=N for one CPU). jrec trigger NAME fires one from a script"})
    List<String> triggers = new ArrayList<>();

    @picocli.CommandLine.Option(names = "--pre", paramLabel = "TIME", description = "a trigger's dump starts this long before its event (default: 2m, or 4/5 of a shorter --ring)")
    String pre;

    @picocli.CommandLine.Option(names = "--post", paramLabel = "TIME", description = "and ends this long after it (default: 30s, or 1/5 of a shorter --ring)")
    String post;

    @picocli.CommandLine.Option(names = "--trigger-holdoff", paramLabel = "TIME", defaultValue = "10m",
            description = "after a trigger's dump, triggers only log for this long (default: ${DEFAULT-VALUE})")
    String holdoff;

    @picocli.CommandLine.Option(names = "--keep", paramLabel = "N|SIZE", defaultValue = "20",
            description = "dumps kept in DIR/dumps, oldest removed first: a count, or a size such as 10G (default: ${DEFAULT-VALUE})")
    String keep;

    boolean on() {
        return ring != null;
    }

    RingDir folder() {
        return new RingDir(dir);
    }

    /** The ring's settings; IllegalArgumentException with a usage message when they do not fit together. */
    RingOptions options(RecordConfig config, PrintWriter err) {
        long age = Sizes.duration(ring, "--ring").toNanos();
        if (age < 2_000_000_000L) throw new IllegalArgumentException("--ring must be at least 2s (got " + ring + ")");
        long postNs = post != null ? Sizes.duration(post, "--post").toNanos() : Math.min(30_000_000_000L, age / 5);
        long preNs = pre != null ? Sizes.duration(pre, "--pre").toNanos() : Math.min(120_000_000_000L, age - postNs);
        if (preNs + postNs > age) {
            throw new IllegalArgumentException("--pre plus --post (" + (preNs + postNs) / 1_000_000_000L + " s) is longer than --ring " + ring
                    + " keeps: raise --ring or shorten them");
        }
        List<Trigger> parsed = new ArrayList<>();
        for (String t : triggers) {
            Trigger tr = Trigger.parse(t, s -> Sizes.duration(s, "--trigger").toNanos());
            if (tr.kind() == Trigger.Kind.CPU) {
                try {
                    new CpuBusy(tr, CpuBusy.PROC_STAT).sample(System.nanoTime());
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("--trigger '" + t + "': " + e.getMessage());
                }
            } else if (!config.sources().contains(tr.source())) {
                throw new IllegalArgumentException("--trigger '" + t + "' tests " + tr.source().id() + " events: add " + tr.source().id()
                        + " to --events" + (tr.source() == Source.SYSCALL ? " (with --syscall-min-duration to record only the slow ones)" : ""));
            }
            parsed.add(tr);
        }
        boolean bySize = !keep.strip().matches("\\d+");
        return new RingOptions(new Ring.Limits(age, Sizes.bytes(ringSize, "--ring-size")), parsed, preNs, postNs,
                Sizes.duration(holdoff, "--trigger-holdoff").toNanos(), folder().dumps(),
                bySize ? 0 : Integer.parseInt(keep.strip()), bySize ? Sizes.bytes(keep, "--keep") : 0, new Journal(err));
    }

    /** One line per event, as journalctl shows them. */
    private record Journal(PrintWriter err) implements RingOptions.Listener {
        @Override
        public void fired(Trigger t, long ts, String event, long heldOffUntilTs) {
            String when = wall(ts).toString();
            if (heldOffUntilTs > ts) {
                line("jrec: trigger '%s' fired at %s (%s); no dump: within the holdoff of the last one, for %d s more", t.text(), when, event,
                        (heldOffUntilTs - ts) / 1_000_000_000L);
            } else {
                line("jrec: trigger '%s' fired at %s (%s); its dump follows its post-window", t.text(), when, event);
            }
        }

        @Override
        public void written(RingOptions.Dump d) {
            line("jrec: wrote %s (%s, %.1f s of events, %s%s; complete %.1f s after its window)", d.path(), Units.bytes(d.bytes()),
                    (d.lastTs() - d.firstTs()) / 1e9, d.reason(), d.trigger() == null ? "" : " '" + d.trigger() + "'", d.latencyNs() / 1e9);
        }

        @Override
        public void failed(String what, Exception e) {
            line("jrec: error: %s failed: %s", what, e.getMessage());
        }

        private void line(String format, Object... args) {
            synchronized (err) {
                err.println(String.format(Locale.ROOT, format, args));
                err.flush();
            }
        }

        private static Instant wall(long ts) {
            return Instant.now().minusNanos(System.nanoTime() - ts);
        }
    }
}
