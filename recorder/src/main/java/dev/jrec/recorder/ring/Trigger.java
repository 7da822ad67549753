package dev.jrec.recorder.ring;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.EventBatch;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * A condition on the recorded events that dumps a ring recording's window ({@code record --ring --trigger}), tested
 * on each row as it is written. The forms, as SREs state them:
 * <pre>
 *   runqlat &gt; 50ms [comm=NAME]          a task waited that long for a CPU (sched)
 *   syscall &gt; 2s [name=fsync] [comm=N]   a syscall took that long (syscall)
 *   block &gt; 500ms                        a block I/O took that long, issue to completion (block)
 *   offcpu &gt; 5s [comm=postgres]         a thread was blocked that long (offcpu)
 *   exit [signal=SEGV|ABRT|KILL] [comm=N] a process was killed by one of these signals (by any, without signal=) (proc)
 *   exec comm=NAME                        a program was started (proc)
 *   oom [comm=NAME]                       the kernel's OOM killer chose a victim (proc)
 *   cpu busy &gt; 95% for 10s [cpu=N]       every second of the last 10 s was that busy, all CPUs or N (/proc/stat)
 * </pre>
 * comm= is exact or a glob ({@code *}, {@code ?}). An external trigger ({@code jrec trigger NAME}) has no condition.
 *
 * @param text as given: the dump's {@code jrec.trigger.name}
 * @param thresholdNs the duration that fires it; for cpu, how long the CPUs must stay busy
 * @param comm comm= as a pattern, compiled once: it is matched against rows as they are written; null for any
 * @param busyPercent cpu: the busy share a second must exceed
 * @param cpu cpu: the CPU watched, -1 for all of them together
 */
public record Trigger(String text, Kind kind, long thresholdNs, Set<String> names, Set<Integer> signals, Pattern comm,
                      double busyPercent, int cpu) {
    public enum Kind {
        RUNQLAT(EventKind.SCHED_SWITCH, Column.WAIT_NS),
        SYSCALL(EventKind.SYSCALL, Column.DUR_NS),
        BLOCK(EventKind.BLOCK_RQ_COMPLETE, Column.DUR_NS),
        OFFCPU(EventKind.OFFCPU, Column.DUR_NS),
        EXIT(EventKind.PROC_EXIT, null),
        EXEC(EventKind.PROC_EXEC, null),
        OOM(EventKind.OOM_KILL, null),
        /** Tested on /proc/stat once a second ({@link CpuBusy}), not on rows: it needs no source. */
        CPU(null, null),
        EXTERNAL(null, null);

        final EventKind event;
        final Column duration;

        Kind(EventKind event, Column duration) {
            this.event = event;
            this.duration = duration;
        }
    }

    private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("SYS", 31));

    /** A named external trigger ({@code jrec trigger NAME}). */
    public static Trigger external(String name) {
        return new Trigger(name, Kind.EXTERNAL, 0, Set.of(), Set.of(), null, 0, -1);
    }

    /**
     * Parses one --trigger; durations through {@code durationNs} (the command line's parser). Throws
     * IllegalArgumentException with a message that shows the forms.
     */
    public static Trigger parse(String text, ToLongFunction<String> durationNs) {
        String[] w = text.strip().replace(">", " > ").split("\\s+");
        if (w.length == 0 || w[0].isEmpty()) throw usage(text, "it is empty");
        Kind kind;
        try {
            kind = Kind.valueOf(w[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage(text, "'" + w[0] + "' is not a trigger");
        }
        if (kind == Kind.EXTERNAL) throw usage(text, "external triggers come from 'jrec trigger NAME'");
        if (kind == Kind.CPU) return cpu(text, w, durationNs);
        int i = 1;
        long threshold = 0;
        if (kind.duration != null) {
            if (w.length < 3 || !w[1].equals(">")) throw usage(text, w[0] + " needs a threshold, e.g. '" + w[0] + " > 50ms'");
            threshold = durationNs.applyAsLong(w[2]);
            i = 3;
        }
        Set<String> names = new LinkedHashSet<>();
        Set<Integer> signals = new LinkedHashSet<>();
        String comm = null;
        for (; i < w.length; i++) {
            int eq = w[i].indexOf('=');
            if (eq <= 0) throw usage(text, "'" + w[i] + "' is not key=value");
            String key = w[i].substring(0, eq), value = w[i].substring(eq + 1);
            switch (key) {
                case "comm" -> comm = value;
                case "name" -> {
                    if (kind != Kind.SYSCALL) throw usage(text, "name= is for syscall triggers");
                    names.addAll(Set.of(value.split("\\|")));
                }
                case "signal" -> {
                    if (kind != Kind.EXIT) throw usage(text, "signal= is for exit triggers");
                    for (String s : value.split("\\|")) signals.add(signal(text, s));
                }
                default -> throw usage(text, "unknown key '" + key + "'");
            }
        }
        if (kind == Kind.EXEC && comm == null) throw usage(text, "exec needs comm=NAME");
        return new Trigger(text.strip(), kind, threshold, Set.copyOf(names), Set.copyOf(signals), comm == null ? null : glob(comm), 0, -1);
    }

    /** cpu busy &gt; P% for D [cpu=N] */
    private static Trigger cpu(String text, String[] w, ToLongFunction<String> durationNs) {
        String form = "cpu needs 'cpu busy > 95% for 10s' (optionally cpu=N)";
        if (w.length < 6 || w.length > 7 || !w[1].equals("busy") || !w[2].equals(">") || !w[3].endsWith("%") || !w[4].equals("for")) {
            throw usage(text, form);
        }
        double percent;
        try {
            percent = Double.parseDouble(w[3].substring(0, w[3].length() - 1));
        } catch (NumberFormatException e) {
            throw usage(text, "'" + w[3] + "' is not a percentage");
        }
        if (!(percent >= 0 && percent < 100)) throw usage(text, "the busy share must be at least 0% and below 100%");
        long forNs = durationNs.applyAsLong(w[5]);
        if (forNs < 1_000_000_000L) throw usage(text, "'for' must be at least 1s: /proc/stat is read once a second");
        int cpu = -1;
        if (w.length == 7) {
            if (!w[6].startsWith("cpu=")) throw usage(text, "'" + w[6] + "' is not cpu=N");
            try {
                cpu = Integer.parseInt(w[6].substring(4));
            } catch (NumberFormatException e) {
                throw usage(text, "'" + w[6] + "' is not cpu=N");
            }
            if (cpu < 0) throw usage(text, "'" + w[6] + "' is not cpu=N");
        }
        return new Trigger(text.strip(), Kind.CPU, forNs, Set.of(), Set.of(), null, percent, cpu);
    }

    private static int signal(String text, String s) {
        String n = s.toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) n = n.substring(3);
        Integer v = SIGNALS.get(n);
        if (v != null) return v;
        try {
            int k = Integer.parseInt(n);
            if (k > 0 && k < 128) return k;
        } catch (NumberFormatException ignored) {
            // not a number either: said below
        }
        throw usage(text, "unknown signal '" + s + "'");
    }

    private static IllegalArgumentException usage(String text, String why) {
        return new IllegalArgumentException("--trigger '" + text + "': " + why + "; use 'runqlat > 50ms', 'syscall > 2s name=fsync', "
                + "'block > 500ms', 'offcpu > 5s comm=postgres', 'exit signal=SEGV|ABRT', 'exec comm=NAME', 'oom' or 'cpu busy > 95% for 10s'");
    }

    /** The source whose events it tests; null for an external or a cpu one. */
    public Source source() {
        return kind.event == null ? null : kind.event.source();
    }

    /** Whether row {@code r} of {@code b} fires it. */
    public boolean fires(EventBatch b, int r) {
        if (b.kind(r) != kind.event) return false;
        if (kind.duration != null && !(b.has(kind.duration, r) && b.getLong(kind.duration, r) > thresholdNs)) return false;
        if (!names.isEmpty() && !names.contains(string(b, Column.SYSCALL, r))) return false;
        if (kind == Kind.EXIT) {
            int signal = b.has(Column.EXIT_CODE, r) ? b.getInt(Column.EXIT_CODE, r) & 0x7f : 0;
            if (signal == 0 || !signals.isEmpty() && !signals.contains(signal)) return false;
        }
        return comm == null || comm.matcher(string(b, kind == Kind.RUNQLAT ? Column.NEXT_COMM : Column.COMM, r)).matches();
    }

    /** The row, as a dump's {@code jrec.trigger.event}: its kind and the fields that fired it. */
    public String describe(EventBatch b, int r) {
        boolean runq = kind == Kind.RUNQLAT;
        StringBuilder s = new StringBuilder(b.kind(r).id());
        s.append(" pid=").append(b.getInt(runq ? Column.NEXT_PID : Column.PID, r))
                .append(" tid=").append(b.getInt(runq ? Column.NEXT_TID : Column.TID, r))
                .append(" comm=").append(string(b, runq ? Column.NEXT_COMM : Column.COMM, r));
        if (kind.duration != null) s.append(' ').append(kind.duration.id()).append('=').append(b.getLong(kind.duration, r));
        if (kind == Kind.SYSCALL) s.append(" syscall=").append(string(b, Column.SYSCALL, r));
        if (kind == Kind.EXIT && b.has(Column.EXIT_CODE, r)) s.append(" exit_code=").append(b.getInt(Column.EXIT_CODE, r));
        if (kind == Kind.OOM && b.has(Column.BYTES, r)) s.append(" rss_bytes=").append(b.getLong(Column.BYTES, r));
        if (kind == Kind.OOM && b.has(Column.OOM_SCORE_ADJ, r)) s.append(" oom_score_adj=").append(b.getInt(Column.OOM_SCORE_ADJ, r));
        if (kind == Kind.EXEC && b.has(Column.FILENAME, r)) s.append(" filename=").append(string(b, Column.FILENAME, r));
        if (runq) s.append(" cpu=").append(b.getInt(Column.CPU, r));
        return s.toString();
    }

    private static String string(EventBatch b, Column c, int r) {
        Object v = b.has(c, r) ? b.getObject(c, r) : null;
        return v == null ? "" : v.toString();
    }

    /** {@code *} and {@code ?} as in a shell; otherwise exact. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }
}
