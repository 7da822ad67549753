package dev.jrec.cli;

import dev.jrec.formats.schema.Source;
import dev.jrec.recorder.Cgroups;
import dev.jrec.recorder.HostInfo;
import dev.jrec.recorder.LaunchClock;
import dev.jrec.recorder.uprobe.UserProbe;
import dev.jrec.recorder.uprobe.UserProbes;
import dev.jrec.recorder.MemOptions;
import dev.jrec.recorder.RecordConfig;
import dev.jrec.recorder.Recorder;
import dev.jrec.recorder.SyscallNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "record",
        description = {"Record kernel events into one Parquet capture, until -d elapses or Ctrl-C/SIGTERM.",
            "",
            "Examples:",
            "  jrec record -d 30s                 sched, proc and block events for 30 s",
            "  jrec record --events sched,syscall -p 1234",
            "                                     also every syscall, of process 1234 only",
            "  jrec record --events syscall --syscall-min-duration 1ms --syscalls openat,read",
            "  jrec record --events profile,offcpu -p 1234   on- and off-CPU stacks, for flame graphs",
            "  jrec record --events sched,net     also TCP: connects, accepts, closes with",
            "                                     their bytes, retransmits, resets, drops",
            "                                     (report tcplife, tcppeers, tcpdrop, ...)",
            "  jrec record --events sched,irq     also hard and soft IRQ time (report",
            "                                     hardirqs, softirqs, irqsteal)",
            "  jrec record --events proc,mem      also reclaim stalls, page faults with",
            "                                     their stacks, RSS over time (report",
            "                                     drsnoop, faults, faultstacks, rss)",
            "  jrec record --events sched,lock -p 1234",
            "                                     also kernel lock contention and futex",
            "                                     waits with their wakers (report",
            "                                     lockstat, futexctn)",
            "  jrec record --uretprobe 'libc:usleep(usec)' -p 1234",
            "                                     each usleep call of 1234: argument and",
            "                                     latency (report funclatency, funccount)",
            "  jrec record --usdt '/usr/bin/python3:python:gc__start(gen)'",
            "                                     a USDT probe's firings (jrec probes BINARY",
            "                                     lists a file's functions and USDT probes)",
            "  jrec record --ring 5m --trigger 'runqlat > 50ms'",
            "                                     flight recorder: the last 5 min kept in",
            "                                     /var/lib/jrec; a 50 ms run-queue wait",
            "                                     dumps 2m before it to 30s after it into",
            "                                     its dumps/ (also 'jrec dump', any time)",
            "",
            "Ctrl-C or SIGTERM finishes the capture cleanly. If the recorder is killed, run",
            "'jrec recover OUT': only about the last second is lost. Drops are counted per",
            "source and printed at the end; raise --buffer or narrow the scope if any.",
            "",
            "The capture holds every process's command line: it is written 0600 (its",
            "OUT.parts folder 0700) whatever the umask, and under sudo it belongs to the",
            "user who ran sudo (SUDO_UID), who can read it without root.",
            ""},
        mixinStandardHelpOptions = true,
        footer = {"",
            "Exit codes: 0 recorded; 2 bad usage; 4 missing privilege or kernel feature",
            "(root or CAP_BPF+CAP_PERFMON, a kernel with BTF, tracefs); 5 the capture could",
            "not be written (e.g. disk full: what was written before is kept, the rest",
            "counted as loss); 1 other failure."})
public final class RecordCommand implements Callable<Integer> {
    @Option(names = {"-d", "--duration"}, paramLabel = "TIME", description = "how long to record: 500ms, 30s, 5m, 1h (default: until Ctrl-C)")
    String duration;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "capture file to write (default: jrec-HOST-YYYYmmdd-HHMMSS.parquet)")
    Path output;

    @Option(names = "--events", paramLabel = "SOURCES", split = ",",
            description = "what to record, comma-separated: sched, proc, block, syscall, profile (on-CPU stacks), offcpu (blocked stacks), net (TCP connections, retransmits, resets, drops), irq (hard and soft IRQ handler time, every CPU's whatever -p, --comm and --cgroup say), mem (reclaim stalls, page faults with user stacks, resident memory over time), lock (kernel lock contention with the waiter's stack, futex waits and wakes), uprobe (what --uprobe, --uretprobe and --usdt name; giving one adds it) (default: sched,proc,block; syscall records every call and costs more)")
    List<String> events;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "only this process (repeatable)")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--comm", paramLabel = "NAME", description = "only tasks with this comm (as in /proc/PID/comm, 15 bytes)")
    String comm;

    @Option(names = {"-F", "--frequency"}, paramLabel = "HZ", defaultValue = "99",
            description = "profile: samples per second on each CPU (default: ${DEFAULT-VALUE})")
    int frequency;

    @Option(names = "--offcpu-min", paramLabel = "TIME", defaultValue = "1ms",
            description = "offcpu: only blocked intervals at least this long (default: ${DEFAULT-VALUE}, like BCC offcputime -m)")
    String offcpuMin;

    @Option(names = "--fault-period", paramLabel = "N", defaultValue = "64",
            description = "mem: record one minor page fault in N, each row weighing N (every major fault is recorded: each waited for a disk read) (default: ${DEFAULT-VALUE})")
    long faultPeriod;

    @Option(names = "--rss-interval", paramLabel = "TIME", defaultValue = "100ms",
            description = "mem: at most one resident-memory row per process per TIME while it changes (default: ${DEFAULT-VALUE})")
    String rssInterval;

    @Option(names = "--bytes-interval", paramLabel = "TIME", defaultValue = "1s",
            description = "net: one row per socket per TIME in which it sent or received bytes, and one with what each open"
                    + " socket holds at the stop; all TCP sockets are walked once per TIME (default: ${DEFAULT-VALUE})")
    String bytesInterval;

    @Option(names = "--contention-min", paramLabel = "TIME", defaultValue = "0",
            description = "lock: only kernel lock contentions at least this long, e.g. 100us (default: all)")
    String contentionMin;

    @Option(names = "--futex-min", paramLabel = "TIME", defaultValue = "0",
            description = "lock: only futex waits at least this long, e.g. 1ms (default: all; a wait costs about 3 us to record with its stack)")
    String futexMin;

    @Option(names = "--uprobe", paramLabel = "PROBE",
            description = "a user function's calls, one row each: BINARY:FUNC[(ARGS)], e.g. libc:malloc(size), "
                    + "'libssl:SSL_write(_, _, len)', '/proc/1234/exe:open_file(_, str path)'. BINARY: a path, a library "
                    + "name (through -p's maps, else the library directories), a program on PATH, or /proc/PID/exe. ARGS "
                    + "by position: _ skips one, NAME records an integer, str NAME the string it points to (one). "
                    + "A :latency suffix makes it a --uretprobe. Repeatable; adds the uprobe source")
    List<String> uprobes = new ArrayList<>();

    @Option(names = "--uretprobe", paramLabel = "PROBE",
            description = "as --uprobe, each call paired with its return in the kernel: one row with the duration and "
                    + "the return value (report funclatency)")
    List<String> uretprobes = new ArrayList<>();

    @Option(names = "--usdt", paramLabel = "PROBE",
            description = "a USDT probe's firings: BINARY:PROVIDER:NAME[(ARGS)], e.g. "
                    + "'/usr/bin/python3:python:gc__start(generation)'; semaphores are raised while attached")
    List<String> usdts = new ArrayList<>();

    @Option(names = "--memleak", description = "libc's malloc, calloc, realloc, posix_memalign, memalign, valloc, pvalloc and mmap, and libstdc++'s"
            + " operator new, timed to their return, and every free and munmap,"
            + " with stacks: what 'jrec report memleak' needs, as BCC's memleak attaches (use -p; --uprobe-sample N samples"
            + " allocations, never frees)")
    boolean memleak;

    @Option(names = "--uprobe-sample", paramLabel = "N", defaultValue = "1",
            description = "uprobe: record 1 call in N per probe and CPU, for hot functions; rows carry weight N (default: every call)")
    int uprobeSample;

    @Option(names = "--uprobe-stacks", arity = "0..1", paramLabel = "MODE", fallbackValue = "fp",
            description = "uprobe: take each call's user stack. fp (what the option alone means) walks frame pointers and"
                    + " puts back the caller; dwarf[,SIZE] also copies SIZE bytes of the stack at each call and unwinds them"
                    + " with .eh_frame, through code without frame pointers, at a cost per call (docs/uprobes.md)"
                    + " (default: fp when --events has profile or offcpu, or with --memleak)")
    String uprobeStacks;

    @Option(names = "--call-graph", paramLabel = "MODE", defaultValue = "dwarf",
            description = "profile, offcpu: how user stacks are unwound: dwarf[,SIZE] copies SIZE bytes of the stack (a power of two "
                    + "from 512 to 16K, default 8K) with the registers at each event and unwinds them with the binaries' .eh_frame "
                    + "at record time, through code built without frame pointers (most distributions' libc); fp walks frame "
                    + "pointers only, cheaper, but skips the caller of every function without them (default: ${DEFAULT-VALUE})")
    String callGraph;

    @Option(names = "--cgroup", paramLabel = "PATH", description = "only tasks in this cgroup v2, e.g. system.slice/nginx.service or an absolute path")
    String cgroup;

    @Option(names = "--buffer", paramLabel = "SIZE",
            description = "ring buffer size per source, a power of two (default: 32M for syscall, 16M for sched and for profile/offcpu with --call-graph dwarf, 4M for the others); raise it if events are dropped")
    String buffer;

    @Option(names = "--nice", paramLabel = "N", defaultValue = "-20",
            description = {"nice value of the thread that empties jrec's ring buffers (-20..19, default -20). It only copies",
                "records into the spool (~0.2 us each); at 0, a host with thousands of runnable threads starves it and",
                "the kernel drops what the rings cannot hold (counted). Below 0 the JVM's VM Thread and, while recording,",
                "the session's scheduler autogroup get it too (given back at the end)"})
    int nice;

    @Option(names = "--encoder-nice", paramLabel = "N",
            description = {"nice value of the threads that turn spooled records into Parquet while recording (default 19:",
                "only CPU the host leaves idle; the rest is encoded after the stop, at nice 0. With profile or offcpu: 0,",
                "so that processes are met, and their stacks named, while they exist). 0 keeps up on a busy host at the",
                "workload's expense"})
    Integer encoderNice;

    @Option(names = "--spool-max", paramLabel = "SIZE",
            description = {"disk the spool may take while the encoder is behind (default: a quarter of the free space",
                "beside the capture): ring records wait there instead of being dropped; past it, drops are counted"})
    String spoolMax;

    @Option(names = "--max-size", paramLabel = "SIZE", description = "stop cleanly before the capture passes this size, e.g. 2G: the file stays under it, and the events that did not fit are counted (loss rows, reason max_size)")
    String maxSize;

    @Option(names = "--syscall-min-duration", paramLabel = "TIME", description = "only syscalls at least this long, e.g. 100us")
    String syscallMin;

    @Option(names = "--syscalls", paramLabel = "NAMES", split = ",", description = "only these syscalls, e.g. openat,read,write")
    List<String> syscalls = new ArrayList<>();

    @picocli.CommandLine.Mixin RingMode ringMode = new RingMode();

    @Spec CommandSpec spec;

    private final List<String> commandLine;

    public RecordCommand(List<String> commandLine) {
        this.commandLine = commandLine;
    }

    @Override
    public Integer call() throws Exception {
        LaunchClock.mark("parsed");
        RecordConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        if (nice < -20 || nice > 19) throw new ParameterException(spec.commandLine(), "--nice must be between -20 and 19 (got " + nice + ")");
        if (encoderNice != null && (encoderNice < -20 || encoderNice > 19)) {
            throw new ParameterException(spec.commandLine(), "--encoder-nice must be between -20 and 19 (got " + encoderNice + ")");
        }
        Recorder recorder = new Recorder(config).nice(nice).spoolMax(spoolMax == null ? 0 : Sizes.bytes(spoolMax, "--spool-max"));
        if (encoderNice != null) recorder.encoderNice(encoderNice);
        usage(() -> sourceOptions(recorder, config));
        StopSignals.install(recorder, err);
        RingRecording ring = null;
        if (ringMode.on()) {
            ring = RingRecording.start(ringMode, config, recorder, spec.commandLine());
            if (ring == null) return ExitCodes.OUTPUT;
        }
        // Announced once every probe is attached, not before: a user starts the workload on this line.
        String sources = String.join(",", config.sources().stream().map(Source::id).sorted().toList());
        String announce = ring != null ? ring.announce(sources, config.duration() == null ? " until Ctrl-C" : " for " + duration)
                : String.format("jrec: recording %s to %s%s", sources, config.output(), config.duration() == null ? " until Ctrl-C" : " for " + duration);
        ProgressLine progress = new ProgressLine(err, System.console() != null) {
            @Override
            public void attached(long loadNs) {
                long sinceLaunch = LaunchClock.elapsedNs();
                err.printf(java.util.Locale.ROOT, "%s (probes attached %s)%n", announce, sinceLaunch < 0
                        ? String.format(java.util.Locale.ROOT, "in %.2f s", loadNs / 1e9)
                        : String.format(java.util.Locale.ROOT, "%.2f s after launch", sinceLaunch / 1e9));
            }
        };
        Recorder.Result r;
        try (RingRecording closing = ring) {
            r = recorder.run(progress);
        } catch (Recorder.CaptureWriteFailure f) {
            progress.end();
            if (f.partial() != null) {
                err.printf("jrec: writing the capture failed (%s); it holds what was written before the failure%n", f.getMessage());
                Summary.print(err, f.partial());
            } else {
                err.println("jrec: " + f.getMessage());
            }
            return ExitCodes.OUTPUT;
        }
        progress.end();
        for (String w : r.warnings()) err.println("jrec: warning: " + w);
        Summary.print(err, r);
        return ExitCodes.OK;
    }

    RecordConfig config() {
        return usage(this::parse);
    }

    /** What parse throws for a value it cannot take, as a usage error (exit 2, and the option's own message). */
    private <T> T usage(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The options of one source each (mem, net, lock), which the recorder takes rather than RecordConfig. */
    private Recorder sourceOptions(Recorder recorder, RecordConfig config) {
        if (config.sources().contains(Source.UPROBE)) {
            List<UserProbe> probes = new ArrayList<>();
            for (String u : uprobes) probes.add(UserProbe.parse(UserProbe.Type.UPROBE, u));
            for (String u : uretprobes) probes.add(UserProbe.parse(UserProbe.Type.URETPROBE, u));
            for (String u : usdts) probes.add(UserProbe.parse(UserProbe.Type.USDT, u));
            if (memleak) probes.addAll(UserProbe.memleak("libc"));
            if (probes.isEmpty()) throw new IllegalArgumentException("--events uprobe: give the probes with --uprobe, --uretprobe or --usdt");
            boolean stacks = uprobeStacks != null || memleak || config.sources().contains(Source.PROFILE) || config.sources().contains(Source.OFFCPU);
            int copy = uprobeStacks == null ? 0 : ustackBytes(uprobeStacks, "--uprobe-stacks");
            recorder.uprobes(UserProbes.resolve(probes, config.pids(), uprobeSample, stacks, copy));
        }
        if (faultPeriod < 1) throw new IllegalArgumentException("--fault-period must be at least 1 (got " + faultPeriod + ")");
        return recorder.mem(new MemOptions(faultPeriod, 1, Sizes.duration(rssInterval, "--rss-interval")))
                .bytesInterval(Sizes.duration(bytesInterval, "--bytes-interval"))
                .lockMins(Sizes.duration(contentionMin, "--contention-min"), Sizes.duration(futexMin, "--futex-min"));
    }

    private RecordConfig parse() {
        Set<Source> sources = EnumSet.noneOf(Source.class);
        if (events == null) sources.addAll(RecordConfig.DEFAULT_SOURCES);
        else for (String e : events) sources.add(source(e.strip()));
        if (!uprobes.isEmpty() || !uretprobes.isEmpty() || !usdts.isEmpty() || memleak) sources.add(Source.UPROBE);
        Duration d = duration == null ? null : Sizes.duration(duration, "-d");
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new IllegalArgumentException("-d must be longer than 0 (got " + duration + "); leave it out to record until Ctrl-C");
        }
        for (int pid : pids) {
            // A pid that is not there now will not come: a new process gets a new pid (or another's, later).
            if (pid <= 0 || !java.nio.file.Files.isDirectory(Path.of("/proc", Integer.toString(pid)))) {
                throw new IllegalArgumentException("-p " + pid + ": no such process; to record a program from its start, use --comm NAME");
            }
        }
        if (frequency < 1 || frequency > 10_000) throw new IllegalArgumentException("-F must be between 1 and 10000 Hz (got " + frequency + ")");
        long ring = buffer == null ? RecordConfig.DEFAULT_RING_BYTES : Sizes.bytes(buffer, "--buffer");
        if (buffer != null && (ring < 4096 || Long.bitCount(ring) != 1 || ring > (1L << 30))) {
            throw new ParameterException(spec.commandLine(), "--buffer must be a power of two between 4K and 1G, e.g. 16M (got " + buffer + ")");
        }
        if (ringMode.on() && output != null) {
            throw new IllegalArgumentException("--ring records into --dir (" + ringMode.dir + "), not -o: name a dump with 'jrec dump -o FILE'");
        }
        Path out = ringMode.on() ? ringMode.folder().ring() : output != null ? output : Path.of(defaultName());
        Path dir = out.toAbsolutePath().getParent();
        if (!ringMode.on() && dir != null && !java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException("-o: directory " + dir + " does not exist; create it or choose another output");
        }
        for (String s : syscalls) {
            if (SyscallNames.number(s) < 0) throw new ParameterException(spec.commandLine(), "--syscalls: unknown syscall '" + s + "'");
        }
        if (cgroup != null) Cgroups.resolve(cgroup); // a clear usage error now rather than at load
        return new RecordConfig(out, d, sources, pids, comm, cgroup, (int) ring,
                maxSize == null ? 0 : Sizes.bytes(maxSize, "--max-size"),
                syscallMin == null ? 0 : Sizes.duration(syscallMin, "--syscall-min-duration").toNanos(),
                new LinkedHashSet<>(syscalls), Duration.ofMillis(20), commandLine, frequency,
                Sizes.duration(offcpuMin, "--offcpu-min").toNanos(), RecordConfig.DEFAULT_DISK_HEADROOM)
                .withUstackBytes(ustackBytes(callGraph));
    }

    /** --call-graph: fp → 0; dwarf → 8K; dwarf,SIZE → SIZE (a power of two from 512 to 16K). */
    static int ustackBytes(String mode) {
        return ustackBytes(mode == null ? "dwarf" : mode, "--call-graph");
    }

    /** An option's MODE, as --call-graph's: the bytes of user stack to copy at each event. */
    static int ustackBytes(String mode, String option) {
        String m = mode.strip();
        if (m.equals("fp")) return 0;
        if (m.equals("dwarf")) return RecordConfig.DEFAULT_USTACK_BYTES;
        if (m.startsWith("dwarf,")) {
            long n = Sizes.bytes(m.substring(6), option);
            if (n >= 512 && n <= RecordConfig.MAX_USTACK_BYTES && Long.bitCount(n) == 1) return (int) n;
            throw new IllegalArgumentException(option + " dwarf,SIZE: SIZE must be a power of two from 512 to 16K (got "
                    + m.substring(6) + ")");
        }
        throw new IllegalArgumentException(option + " must be fp, dwarf or dwarf,SIZE (got " + mode + ")");
    }

    private Source source(String id) {
        return switch (id) {
            case "sched", "proc", "block", "syscall" -> Source.byId(id);
            case "syscalls" -> Source.SYSCALL;
            case "profile", "offcpu", "net", "irq", "mem", "lock", "uprobe" -> Source.byId(id);
            default -> throw new ParameterException(spec.commandLine(), "--events: unknown source '" + id + "'; choose from sched, proc, block, syscall, profile, offcpu, net, irq, mem, lock, uprobe");
        };
    }

    static String defaultName() {
        return "jrec-" + HostInfo.hostname() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + ".parquet";
    }
}
