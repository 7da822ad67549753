package dev.jrec.recorder;

import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.libbpf.Arch;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.perf.PerfEvents;
import dev.jrec.bpf.perf.PerfProgram;
import dev.jrec.bpf.perf.StackMap;
import dev.jrec.recorder.stacks.StackLookup;
import dev.jrec.recorder.stacks.StackTable;
import dev.jrec.symbols.Symbolizer;
import dev.jrec.symbols.unwind.Unwinder;
import dev.jrec.bpf.ringbuf.RingBufferReader;
import dev.jrec.formats.CategorizedFailure;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import dev.jrec.formats.write.Totals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import dev.jrec.recorder.ring.RingOptions;
import java.util.concurrent.locks.LockSupport;

/**
 * One recording: loads the BPF objects of the chosen sources, drains their ring buffers on a timer into
 * batches (this thread), writes the batches on a writer thread, and finishes the capture however the
 * recording ends — duration, a stop request (signal), --max-size, low disk space, or a write error.
 */
public final class Recorder {
    /** Rows per batch (a batch holds every column: ~2.5 MB at 8K rows); BATCHES bound the memory in flight. */
    static final int BATCH_ROWS = 1 << 13;
    static final int BATCHES = 8;
    /**
     * Held on disk (at most a quarter of the free space) for when the disk fills: the segment being written, about
     * a second of events, is finished in it, and what comes after is counted in a last segment of loss rows.
     */
    static final long RESERVE_BYTES = 8L << 20;
    /**
     * Longest one ring is drained before the loop moves on: a consumer slower than a storm (stacks to
     * symbolize on a loaded host) would otherwise spend seconds on one pass, starving the other rings
     * and the once-a-second loss accounting.
     */
    static final long DRAIN_SLICE_NS = 200_000_000L;

    /** What a recording produced. */
    public record Result(Path output, Totals totals, String stopReason, Map<Source, Long> drops, long elapsedNs,
                         List<String> warnings, String completion, Cpu cpu, Spooled spool,
                         dev.jrec.formats.read.StackSummary stacks, Ringed ring) {}

    /**
     * A ring recording's end: its folder (kept, for dumps after the recorder is gone), bytes and event span it
     * holds, segments it dropped as it went, and dumps written.
     */
    public record Ringed(Path dir, long bytes, long firstTs, long lastTs, long droppedSegments, int dumps) {}

    /**
     * The CPU time of the recorder's three threads: the drain (rings to spool), the encoder (spool to rows) and
     * the writer (rows to Parquet). The tracer's own overhead, which SREs weigh against what the capture shows.
     * {@code joinNs}, apart: the close's copy of the segments into the capture, a cost per byte written once
     * the recording is over (the drain's thread does it; it was in {@code drainNs} before).
     */
    public record Cpu(long drainNs, long encodeNs, long writeNs, long joinNs) {
        public long totalNs() {
            return drainNs + encodeNs + writeNs;
        }
    }

    /**
     * What the spool held back: bytes of ring records written to its file while the encoder was behind, the
     * file's largest size, how long the drain waited with memory and file full (the rings filled meanwhile),
     * and how long the encoding took to finish after the recording stopped.
     */
    public record Spooled(long spilledBytes, long fileBytes, long stalledNs, long catchUpNs) {}

    /** Called about once a second with live figures, for the progress line. */
    public interface Progress {
        void update(long elapsedNs, long events, long drops, long bytes);

        /** Every probe is attached: events are being recorded from now on. {@code loadNs}: loading and attaching took this long. */
        default void attached(long loadNs) {}

        /** With each update: bytes of ring records the encoder has yet to reach (0 when it keeps up). */
        default void behind(long spoolBytes) {}

        /** The recording stopped with {@code spoolBytes} not encoded yet: encoding them comes next. */
        default void catchingUp(long spoolBytes) {}
    }

    private final RecordConfig config;
    private final List<String> configWarnings = new ArrayList<>();
    private final AtomicReference<String> stop = new AtomicReference<>();

    public Recorder(RecordConfig config) {
        this.config = arch == null ? config : userStacksFor(arch, config, configWarnings);
    }

    /** This machine's, or null for one jrec has no BPF objects for. */
    private final Arch arch = Arch.of(System.getProperty("os.arch"));

    /**
     * The config with user stack copies only where {@link Unwinder} can unwind them: its CFI rules
     * and registers are x86-64's, so elsewhere --call-graph dwarf falls back to frame pointers, with
     * one warning, rather than unwind arm64 stacks into garbage. Not run on arm64 here.
     */
    static RecordConfig userStacksFor(Arch arch, RecordConfig c, List<String> warnings) {
        if (c.ustackBytes() == 0 || unwinds(arch)) return c;
        if (c.sources().contains(Source.PROFILE) || c.sources().contains(Source.OFFCPU)) {
            warnings.add("--call-graph dwarf unwinds x86-64 stacks only; on " + arch.dirName() + " user stacks come from frame pointers");
        }
        return c.withUstackBytes(0);
    }

    /** Whether {@link Unwinder} unwinds stack copies of this arch. */
    private static boolean unwinds(Arch arch) {
        return arch.dirName().equals(Unwinder.ARCH);
    }

    /**
     * The drain's nice value while recording: the top one. A drain that does not get the CPU is what loses
     * events, and a host with thousands of runnable threads gives a nice-0 one a thousandth of a CPU: in
     * bench/storm.sh's 5000-thread storm (2 CPUs) nice 0 kept 50 % of the events, nice -20 all of them.
     * What it wins is cheap to give: the drain only copies ring records into the spool (~0.1-0.3 us each),
     * the encoding waits at {@link #ENCODER_NICE}. Before, when the drain decoded too (~1 us an event), the
     * CPU it won was the host's: the getppid loop of bench/overhead.sh ran 9.5x slower at -5 against 5.8x
     * at 0, so 0 was the default then.
     */
    public static final int DRAIN_NICE = -20;

    private int nice = DRAIN_NICE;

    /**
     * The drain's nice value ({@link #DRAIN_NICE} unless set; 0: as started). The JVM's VM Thread, which
     * runs the collections the drain waits for, gets it too when it is negative.
     */
    public Recorder nice(int n) {
        this.nice = n;
        return this;
    }

    /** Memory the spool holds before its file: 16 MiB, about 160,000 sched records. */
    static final int SPOOL_CHUNKS = 16;
    /**
     * The encoder's and the writer's nice value while recording: they take idle CPU, not the workload's, and
     * what they have not done waits in the spool. Measured in bench/storm.sh (docs/performance.md).
     */
    public static final int ENCODER_NICE = 19;
    /**
     * Theirs once the recording stopped, to encode what the spool still holds: an ordinary process's, as
     * the workload may still be running (the summary says how long it took).
     */
    static final int CATCH_UP_NICE = 0;
    /** A backlog worth a line on the terminal: about a second's encoding. */
    static final long CATCH_UP_NOTICE_BYTES = 64L << 20;

    private long spoolMax;
    private int spoolChunks = SPOOL_CHUNKS;
    private Integer encoderNice;
    private EncoderThread.Hook encoderHook;

    /** The most disk the spool's file takes (0: a quarter of the free space when the recording starts). */
    public Recorder spoolMax(long bytes) {
        this.spoolMax = bytes;
        return this;
    }

    /** The encoder's and writer's nice value while recording ({@link #encoderNice()} unless set). */
    public Recorder encoderNice(int n) {
        this.encoderNice = n;
        return this;
    }

    /**
     * As set, else {@link #ENCODER_NICE}, or 0 with a stack source (profile, offcpu, mem's faults): their frames are named
     * from /proc/PID/maps read when the encoder first meets a process, and an encoder kept off the CPU by a
     * busy host would meet short-lived processes only after they are gone, their frames unresolved.
     */
    int encoderNice() {
        if (encoderNice != null) return encoderNice;
        boolean stacks = config.sources().contains(Source.PROFILE) || config.sources().contains(Source.OFFCPU)
                || config.sources().contains(Source.MEM) || config.sources().contains(Source.LOCK) || config.sources().contains(Source.UPROBE);
        return stacks ? 0 : ENCODER_NICE;
    }

    /** For tests: a spool of {@code chunks} MiB in memory, and a hook the encoder calls per chunk. */
    Recorder spoolForTest(int chunks, EncoderThread.Hook hook) {
        this.spoolChunks = chunks;
        this.encoderHook = hook;
        return this;
    }

    private RingOptions ring;
    private volatile RingDumps dumps;
    private MemOptions mem = MemOptions.DEFAULTS;
    /** The fd tables as they were before the attach, for syscall rows' files. */
    private FdNames fdNames;

    private java.time.Duration bytesInterval = java.time.Duration.ofSeconds(1);

    /** net: the shortest time one socket's tcp_bytes rows cover (1 s unless set). */
    public Recorder bytesInterval(java.time.Duration d) {
        this.bytesInterval = d;
        return this;
    }

    private long contentionMinNs, futexMinNs;

    /** lock: the shortest kernel lock contention and futex wait recorded (0 unless set: all of them). */
    public Recorder lockMins(java.time.Duration contention, java.time.Duration futex) {
        this.contentionMinNs = contention.toNanos();
        this.futexMinNs = futex.toNanos();
        return this;
    }

    private dev.jrec.recorder.uprobe.UserProbes userProbes;

    /** The uprobe source's probes, resolved (needed when the sources have uprobe). */
    public Recorder uprobes(dev.jrec.recorder.uprobe.UserProbes probes) {
        if (probes.ustackBytes() > 0 && arch != null && !unwinds(arch)) {
            configWarnings.add("--uprobe-stacks dwarf unwinds x86-64 stacks only; on " + arch.dirName() + " user stacks come from frame pointers");
            probes = probes.withoutCopies();
        }
        this.userProbes = probes;
        return this;
    }

    private dev.jrec.recorder.uprobe.UserProbes userProbes() {
        if (userProbes == null) throw new IllegalStateException("the uprobe source has no probes: give --uprobe, --uretprobe or --usdt");
        return userProbes;
    }

    /** The mem source's sampling ({@link MemOptions#DEFAULTS} unless set). */
    public Recorder mem(MemOptions options) {
        this.mem = options;
        return this;
    }

    /** Records a ring ({@code record --ring}): only the options' window is kept, in OUT.parts; dumps cut windows of it. */
    public Recorder ring(RingOptions options) {
        this.ring = options;
        return this;
    }

    /**
     * A ring recording's dump of its last {@code lastNs} of events (0: all it holds) into {@code out} (null: the dump
     * folder), while it records; completes once the file is written (or fails with why).
     */
    public CompletableFuture<RingOptions.Dump> dump(long lastNs, Path out) {
        RingDumps d = dumps;
        return d == null ? notRecordingARing() : d.ask(lastNs, out);
    }

    /** An external trigger ({@code jrec trigger NAME}): a dump of its --pre/--post window, unless within a holdoff. */
    public CompletableFuture<RingOptions.Dump> trigger(String name) {
        RingDumps d = dumps;
        return d == null ? notRecordingARing() : d.external(name);
    }

    private CompletableFuture<RingOptions.Dump> notRecordingARing() {
        return CompletableFuture.failedFuture(new IllegalStateException(ring == null ? "not a ring recording" : "not recording yet"));
    }

    /** Asks the recording to finish cleanly (signal handlers call this); the first reason wins. */
    public void requestStop(String reason) {
        stop.compareAndSet(null, reason);
        LockSupport.unpark(runner);
    }

    private volatile Thread runner;

    /**
     * Binds libbpf on a background thread while the command line is parsed: building its ~45 downcall
     * handles costs ~100 ms of CPU that a recording's start would otherwise wait for. A host where libbpf
     * cannot load is left for the preflight check to report.
     */
    public static void prestart() {
        Thread.ofPlatform().name("jrec-prestart").daemon().start(() -> {
            if (dev.jrec.bpf.libbpf.LibbpfLibrary.check() != null) return;
            dev.jrec.bpf.libbpf.Probe.tracefsEvents();
            dev.jrec.bpf.libbpf.Probe.rawTracepointExists("sched_switch");
        });
    }

    /**
     * Records until the duration elapses or {@link #requestStop} is called. Throws, each with a one-line message
     * and its {@link CategorizedFailure.Category}: {@link Preflight.UnsupportedHostException} and
     * {@link BpfFailure} when the host cannot record, {@link OutputNotWritable}, {@link NotEnoughSpace} and
     * {@link CaptureWriteFailure} when the capture cannot be written, a FileAlreadyExistsException when it exists.
     */
    public Result run(Progress progress) throws Exception {
        try {
            return record(progress);
        } catch (dev.jrec.bpf.libbpf.LibbpfException e) {
            throw new BpfFailure(e);
        }
    }

    private Result record(Progress progress) throws Exception {
        runner = Thread.currentThread();
        CaptureWriter.checkOutput(config.output());
        checkWritable(config.output().toAbsolutePath().getParent());
        LaunchClock.mark("run");
        List<String> warnings = Preflight.check(config.sources());
        warnings.addAll(configWarnings);
        LaunchClock.mark("preflight");
        Map<String, String> metadata = new LinkedHashMap<>(HostInfo.collect());
        long boottimeOffset = Long.parseLong(metadata.getOrDefault(MetadataKeys.CLOCK_BOOTTIME_OFFSET, "0"));
        metadata.put(MetadataKeys.JREC_VERSION, version());
        metadata.put(MetadataKeys.COMMAND_LINE, shellWords(config.commandLine()));
        metadata.put(MetadataKeys.CONFIG, config.toJson(",\"drain_nice\":" + nice + ",\"encoder_nice\":" + encoderNice()
                + ",\"spool_max_bytes\":" + spoolMax + ringJson() + (config.sources().contains(Source.MEM) ? mem.toJson() : "")
                + (config.sources().contains(Source.NET) ? ",\"bytes_interval_ms\":" + bytesInterval.toMillis() : "")
                + (config.sources().contains(Source.LOCK) ? ",\"contention_min_ns\":" + contentionMinNs + ",\"futex_min_ns\":" + futexMinNs : "")
                + (config.sources().contains(Source.UPROBE) ? userProbes().toJson() : "")));
        metadata.put(MetadataKeys.SOURCES, String.join(",", config.sources().stream().map(Source::id).sorted().toList()));

        long free = freeSpace();
        if (free < config.diskHeadroomBytes()) {
            throw new NotEnoughSpace("only " + (free >> 20) + " MiB free where " + config.output() + " would go; jrec keeps "
                    + (config.diskHeadroomBytes() >> 20) + " MiB free to finish a capture: free space or choose another -o");
        }
        List<Loaded> loaded = new ArrayList<>();
        CaptureWriter writer = null;
        try {
            // First: a storm that starts with the recording must not find the drain still setting up at nice 0.
            raisePriority(warnings);
            long loadStart = System.nanoTime();
            Thread warm = Thread.ofPlatform().name("jrec-warmup").daemon().start(Spool::warmUp);
            // before the attach: a process that ends right after the announcement is in it
            fdNames = new FdNames(Path.of("/proc"));
            if (config.sources().contains(Source.SYSCALL)) fdNames.snapshot();
            loadAll(loaded, warnings);
            // -p's processes exist now, and one may end right after the announcement, before the loop reads
            // its first events: its maps are read while it lives, or its addresses are explained by nothing
            Symbolizer symbolizer = new Symbolizer();
            if (takesStacks(loaded)) for (int pid : config.pids()) symbolizer.snapshot(pid);
            warm.join();
            LaunchClock.mark("drain compiled");
            long live = System.nanoTime();
            progress.attached(live - loadStart);
            // The span starts where events can: at the first attach, while the drain may still be warming up.
            long startTs = Math.min(live, firstAttachNs.get());
            metadata.put(MetadataKeys.START_TS, Long.toString(startTs));
            metadata.put(MetadataKeys.START_WALL, Instant.now().minusNanos(System.nanoTime() - startTs).toString());
            CaptureWriter.Options options = CaptureWriter.Options.defaults().withBatchCapacity(BATCH_ROWS)
                    .withMaxBytes(config.maxSizeBytes()).withReserveBytes(Math.min(RESERVE_BYTES, free / 4));
            writer = CaptureWriter.create(config.output(), metadata, ring == null ? options : options.withRing(ring.limits()));
            RingDumps ringDumps = ring == null ? null : new RingDumps(ring, metadata);
            return loop(loaded, writer, ringDumps, startTs, boottimeOffset, warnings, progress, symbolizer);
        } finally {
            for (Loaded l : loaded) l.close();
            Priority.restoreAutogroup(autogroupBefore);
        }
    }

    /**
     * Loads and attaches every source's object into {@code loaded} (in the order of the sources), two at a
     * time: each load parses the kernel's BTF and runs the verifier, ~50-150 ms of CPU apiece, which the
     * user waits for. On a failure, what did load is in {@code loaded} for the caller to close.
     */
    /** When the first source began to attach: no event of the recording is older. */
    private final java.util.concurrent.atomic.AtomicLong firstAttachNs = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

    private void loadAll(List<Loaded> loaded, List<String> warnings) throws InterruptedException {
        List<Source> sources = List.copyOf(config.sources());
        List<String> found = java.util.Collections.synchronizedList(new ArrayList<>());
        Loaded[] done = new Loaded[sources.size()];
        RuntimeException[] failed = new RuntimeException[sources.size()];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < sources.size(); ) {
                try {
                    done[i] = load(sources.get(i), found);
                    LaunchClock.mark("attached " + sources.get(i).id());
                } catch (RuntimeException e) {
                    failed[i] = e;
                }
            }
        };
        Thread helper = sources.size() > 1 ? Thread.ofPlatform().name("jrec-load").daemon().start(worker) : null;
        worker.run();
        if (helper != null) helper.join();
        warnings.addAll(found);
        RuntimeException first = null;
        for (int i = 0; i < done.length; i++) {
            if (done[i] != null) loaded.add(done[i]);
            if (failed[i] != null && first == null) first = failed[i];
        }
        if (first != null) throw first;
    }

    /** A source's loaded object; {@code events} are the perf events its perf_event programs sample (profile, mem). */
    private record Loaded(Source source, BpfObject obj, RingBufferReader reader, List<PerfEvents> events) {
        void close() {
            reader.close();
            obj.close();
            events.forEach(PerfEvents::close);
        }
    }

    private Loaded load(Source s, List<String> warnings) {
        String name = switch (s) {
            case SCHED -> "sched";
            case PROC -> "proc";
            case BLOCK -> "block";
            case SYSCALL -> "syscalls";
            case PROFILE -> "profile";
            case OFFCPU -> "offcpu";
            case NET -> "net";
            case IRQ -> "irq";
            case MEM -> "mem";
            case LOCK -> "lock";
            case UPROBE -> "uprobe";
            case META -> throw new IllegalArgumentException("meta is not a source to record");
        };
        BpfObject obj = BpfObject.open(name).ringBufferBytes(config.ringBytes(s));
        List<PerfEvents> events = new ArrayList<>();
        try {
            Filters.apply(obj, s, config);
            if (s == Source.MEM) obj.knob("rss_interval_ns", mem.rssInterval().toNanos());
            if (s == Source.NET) obj.knob("bytes_interval_ns", bytesInterval.toNanos());
            if (s == Source.LOCK) obj.knob("min_contention_ns", contentionMinNs).knob("min_futex_ns", futexMinNs);
            if (s == Source.UPROBE) userProbes().configure(obj);
            for (String[] tp : Preflight.tracepoints(s)) {
                if (!dev.jrec.bpf.libbpf.Probe.tracepointExists(tp[0], tp[1])) obj.disable(tp[1]);
            }
            if (s == Source.BLOCK && dev.jrec.bpf.libbpf.Probe.tracepointExists("block", "block_rq_issue")) {
                // block_io_start/done fire for the same requests: with both, every I/O would be recorded twice
                obj.disable("block_io_start");
                obj.disable("block_io_done");
            }
            obj.load(BpfObject.Flavor.AUTO);
            firstAttachNs.accumulateAndGet(System.nanoTime(), Math::min);
            obj.attach();
            if (s == Source.UPROBE) userProbes().attach(obj);
            if (s == Source.PROFILE) {
                events.add(PerfEvents.cpuClock(config.sampleHz()));
                PerfProgram.attach(obj, "profile_sample", events.getLast());
            }
            if (s == Source.MEM) {
                events.add(PerfEvents.software(PerfEvents.PERF_COUNT_SW_PAGE_FAULTS_MIN, mem.minorFaultPeriod()));
                PerfProgram.attach(obj, "minor_fault", events.getLast());
                events.add(PerfEvents.software(PerfEvents.PERF_COUNT_SW_PAGE_FAULTS_MAJ, mem.majorFaultPeriod()));
                PerfProgram.attach(obj, "major_fault", events.getLast());
            }
            return new Loaded(s, obj, RingBufferReader.open(obj), events);
        } catch (RuntimeException e) {
            obj.close();
            events.forEach(PerfEvents::close);
            throw e;
        }
    }

    /** The command line as a shell would take it back: a word with spaces or shell syntax ('runqlat > 50ms') quoted. */
    static String shellWords(List<String> args) {
        StringBuilder s = new StringBuilder();
        for (String a : args) {
            if (!s.isEmpty()) s.append(' ');
            s.append(a.matches("[A-Za-z0-9_./=:,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }

    private Result loop(List<Loaded> loaded, CaptureWriter writer, RingDumps ringDumps, long startTs, long boottimeOffset,
                        List<String> warnings, Progress progress, Symbolizer symbolizer) throws Exception {
        BatchPipe pipe = new BatchPipe(BATCHES, BATCH_ROWS);
        WriterThread wt = new WriterThread(writer, pipe, ringDumps, encoderNice(), CATCH_UP_NICE);
        SeenThreads threads = new SeenThreads(Path.of("/proc"), boottimeOffset);
        EventRows decoder = new EventRows(pipe, threads);
        StackTable stackTable = stacks(loaded, decoder, symbolizer);
        if (loaded.stream().anyMatch(l -> l.source() == Source.NET)) decoder.tcpNames(new TcpNames());
        if (fdNames != null) decoder.fdNames(fdNames);
        if (loaded.stream().anyMatch(l -> l.source() == Source.LOCK)) decoder.lockNames(new LockNames());
        if (userProbes != null) decoder.userProbes(userProbes);
        List<LossTracker> losses = new ArrayList<>();
        for (Loaded l : loaded) losses.add(new LossTracker(l.source(), startTs));
        Path parts = dev.jrec.formats.write.CapturePaths.partsDir(writer.output());
        Spool spool = new Spool(spoolChunks, parts.resolve(dev.jrec.formats.write.CapturePaths.SPOOL_MEMORY),
                SpoolSalvage.header(version(), loaded.stream().map(Loaded::source).toList()),
                parts.resolve(dev.jrec.formats.write.CapturePaths.SPOOL),
                spoolMax > 0 ? spoolMax : Math.max(0, freeSpace() / 4 - config.diskHeadroomBytes()));
        EncoderThread enc = new EncoderThread(spool, decoder, threads, losses, ring == null ? 0 : ring.limits().ageNs(),
                encoderNice(), CATCH_UP_NICE, encoderHook);
        long period = config.drainPeriod().toNanos();
        TcpBytesHarvest tcpBytes = loaded.stream().filter(l -> l.source() == Source.NET).findFirst()
                .map(l -> new TcpBytesHarvest(l.obj(), bytesInterval.toNanos(), startTs, warnings)).orElse(null);
        long deadline = config.duration() == null ? Long.MAX_VALUE : startTs + config.duration().toNanos();
        long nextSecond = startTs + 1_000_000_000L;
        long events = 0;
        long[] dropped = new long[loaded.size()];
        long cpuAtStart = Priority.threadCpuNs();
        long stoppedTs = startTs, catchUpNs = 0;
        // a dump's window is not written yet while events drained before its end wait in the spool or the pipe
        if (ringDumps != null) ringDumps.caughtUp(() -> spool.backlogBytes() == 0 && pipe.idle());
        wt.start();
        enc.start();
        dumps = ringDumps;
        ProgressRelay relay = new ProgressRelay(progress);
        try {
            while (true) {
                long now = System.nanoTime();
                boolean account = now >= nextSecond;
                if (account) nextSecond = now + 1_000_000_000L;
                boolean behind = false;
                for (int i = 0; i < loaded.size(); i++) {
                    Loaded l = loaded.get(i);
                    // Counters first, then the pass: every event before the read is drained in it (unless
                    // the slice ends first), so the loss row that ends at the read follows them in ts order.
                    long[] counters = account ? l.obj().drops() : NO_COUNTERS;
                    if (account) dropped[i] = Drop.lost(counters);
                    spool.passStart(i, counters, System.nanoTime());
                    long until = System.nanoTime() + DRAIN_SLICE_NS;
                    events += l.reader().drainRaw(spool, until);
                    boolean cut = System.nanoTime() - until >= 0;
                    behind |= cut;
                    spool.passEnd(i, cut);
                }
                spool.cycleEnd(account);
                spool.seal();
                now = System.nanoTime();
                if (ringDumps != null) ringDumps.busy(now);
                if (tcpBytes != null) tcpBytes.due(now);
                if (account) relay.publish(now - startTs, events, sum(dropped), writer.totals().bytesOnDisk(), spool.backlogBytes());
                checkLimits(writer, spool);
                if (wt.failure() != null || enc.failure() != null) stop.compareAndSet(null, "error");
                if (now >= deadline) stop.compareAndSet(null, "duration");
                if (stop.get() != null) break;
                if (!behind) LockSupport.parkNanos(Math.min(period, Math.max(0, deadline - now)));
            }
            stoppedTs = System.nanoTime();
            for (Loaded l : loaded) l.obj().detach();
            if (tcpBytes != null) tcpBytes.flush();
            for (Loaded l : loaded) events += l.reader().drainRaw(spool, Long.MAX_VALUE);
            for (int i = 0; i < loaded.size(); i++) { // after the last events: every loss row follows them
                spool.passStart(i, loaded.get(i).obj().drops(), System.nanoTime());
                spool.passEnd(i, false);
            }
        } finally {
            if (!spool.ended()) spool.end(); // also when the drain failed: the encoder finishes what it was given
            // What the encoder has not done yet is done now, at an ordinary priority: the recording is over.
            relay.close();
            enc.catchUp();
            wt.catchUp();
            if (spool.backlogBytes() > CATCH_UP_NOTICE_BYTES) progress.catchingUp(spool.backlogBytes());
            long t0 = System.nanoTime();
            try (spool) {
                enc.join();
            }
            wt.finish();
            catchUpNs = System.nanoTime() - t0;
        }
        if (enc.failure() != null && wt.failure() == null) {
            throw new IllegalStateException("the encoder failed: " + enc.failure(), enc.failure());
        }
        // The recording ends when the probes start to detach (which can take a while on a loaded host), not
        // when the writer has caught up: no time after the last event is left unexplained.
        long endTs = Math.max(decoder.newestTs(), stoppedTs);
        Map<String, String> end = new LinkedHashMap<>();
        if (stackTable != null) end.putAll(StackStats.metadata(stackTable));
        end.put(MetadataKeys.END_TS, Long.toString(endTs));
        end.put(MetadataKeys.END_WALL, Instant.now().toString());
        end.put(MetadataKeys.STOP_REASON, stop.get());
        end.put(MetadataKeys.SPOOL_SPILLED_BYTES, Long.toString(spool.spilledBytes()));
        end.put(MetadataKeys.SPOOL_CATCH_UP_NS, Long.toString(catchUpNs));
        end.put(MetadataKeys.DRAIN_STALL_NS, Long.toString(spool.stalledNs()));
        long cpuAtJoin = Priority.threadCpuNs();
        Totals totals;
        try {
            totals = wt.failure() == null ? writer.close(end) : writer.closeAfterFailure(end);
            if (ringDumps != null) ringDumps.close(); // the dumps cut before the stop are joined to the end
        } catch (IOException e) {
            // The segments could not be joined (the disk is full): they stay, each a valid capture file. e says what
            // the close could not do (the join, or the last segment's loss rows and how many events they count).
            String why = (wt.failure() != null ? wt.failure() : e).getMessage();
            throw new CaptureWriteFailure(why + "; the recording is kept as segments in " + parts
                    + " (each readable, e.g. DuckDB read_parquet('" + parts + "/*.parquet')): free space, then run 'jrec recover "
                    + writer.output() + "'", e, null);
        }
        // A failed write leaves the writer's own exception; the rows it could not write are loss rows in the capture.
        Throwable failure = wt.failure() != null ? wt.failure() : writer.failure();
        Map<Source, Long> drops = new EnumMap<>(Source.class);
        Totals written = totals;
        for (LossTracker t : losses) drops.put(t.source(), Math.max(t.total(), written.drops(t.source())));
        Cpu cpu = new Cpu(cpuAtJoin - cpuAtStart, enc.cpuNs(), wt.cpuNs, Priority.threadCpuNs() - cpuAtJoin);
        Spooled spooled = new Spooled(spool.spilledBytes(), spool.fileBytes(), spool.stalledNs(), catchUpNs);
        Ringed ringed = null;
        if (writer.ring() != null) {
            dev.jrec.formats.write.Ring r = writer.ring();
            long[] span = r.span();
            ringed = new Ringed(r.dir(), r.bytes(), span == null ? 0 : span[0], span == null ? 0 : span[1], r.evictedSegments(), ringDumps.written());
        }
        Result result = new Result(writer.output(), totals, stop.get(), drops, endTs - startTs, warnings,
                failure == null ? "clean" : "partial", cpu, spooled, dev.jrec.formats.read.StackSummary.of(end), ringed);
        if (failure != null) throw new CaptureWriteFailure(failure.getMessage(), failure, result);
        return result;
    }

    private static final long[] NO_COUNTERS = new long[0];

    private static long sum(long[] a) {
        long n = 0;
        for (long v : a) n += v;
        return n;
    }

    private void raisePriority(List<String> warnings) {
        if (nice == 0) return;
        int err = Priority.set(nice);
        if (err != 0) {
            warnings.add("could not set the recorder's priority to nice " + nice + " ("
                    + dev.jrec.bpf.libbpf.Libbpf.strerror(err) + "); run as root or with CAP_SYS_NICE");
        } else if (nice < 0) {
            Priority.setVmThread(nice);
            autogroupBefore = Priority.setAutogroup(nice);
        }
    }

    /** The nice value the session's autogroup had before {@link #raisePriority}, given back at the end; null: untouched. */
    private Integer autogroupBefore;

    /** The sources whose records carry stacks: with none, nothing is symbolized. */
    private static final java.util.Set<Source> STACK_SOURCES = java.util.EnumSet.of(Source.PROFILE, Source.OFFCPU, Source.MEM, Source.LOCK, Source.UPROBE);

    private static boolean takesStacks(List<Loaded> loaded) {
        return loaded.stream().anyMatch(l -> STACK_SOURCES.contains(l.source()));
    }

    /** With a stack source, the table that dedups and symbolizes stacks, wired into the decoder. */
    private static StackTable stacks(List<Loaded> loaded, EventRows decoder, Symbolizer symbolizer) {
        StackLookup profile = null, offcpu = null, mem = null, lock = null, uprobe = null;
        for (Loaded l : loaded) {
            if (l.source() == Source.PROFILE) profile = new StackMap(l.obj())::ips;
            if (l.source() == Source.OFFCPU) offcpu = new StackMap(l.obj())::ips;
            if (l.source() == Source.MEM) mem = new StackMap(l.obj())::ips;
            if (l.source() == Source.LOCK) lock = new StackMap(l.obj())::ips;
            if (l.source() == Source.UPROBE) uprobe = new StackMap(l.obj())::ips;
        }
        if (!takesStacks(loaded)) return null;
        StackTable table = new StackTable(symbolizer);
        decoder.stacks(new EventRows.Stacks(table, profile, offcpu, mem, lock, uprobe));
        return table;
    }

    /**
     * Stops when the writer cut the capture (--max-size reached, a write failed: what comes after is only
     * counted) or when free space runs low. The writer's reserve and the spool's file are space given back
     * at the end.
     */
    private void checkLimits(CaptureWriter writer, Spool spool) {
        String cut = writer.cut();
        if (cut != null) stop.compareAndSet(null, cut.equals("max_size") ? "max_size" : "error");
        long bytes = writer.totals().bytesOnDisk();
        long givenBack = writer.reservedBytes() + spool.fileBytes() + spool.memoryFileBytes(); // the spool's files go before the join
        // A ring shrinks when the disk fills (the write path drops its oldest files) instead of stopping.
        if (ring == null && freeSpace() + givenBack < bytes + config.diskHeadroomBytes()) stop.compareAndSet(null, "disk_space");
    }

    /** Resolved once: finding a path's file store parses the mount table, too much for every drain cycle. */
    private java.nio.file.FileStore store;

    private long freeSpace() {
        try {
            if (store == null) store = Files.getFileStore(config.output().toAbsolutePath().getParent());
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE; // the write path reports real failures; free space is only a guard
        }
    }

    /** A ring recording's settings, for the footer's jrec.config. */
    private String ringJson() {
        if (ring == null) return "";
        StringBuilder t = new StringBuilder();
        for (var tr : ring.triggers()) t.append(t.isEmpty() ? "" : ",").append(RecordConfig.str(tr.text()));
        return ",\"ring_age_ms\":" + ring.limits().ageNs() / 1_000_000 + ",\"ring_max_bytes\":" + ring.limits().maxBytes()
                + ",\"triggers\":[" + t + "],\"trigger_pre_ms\":" + ring.preNs() / 1_000_000 + ",\"trigger_post_ms\":" + ring.postNs() / 1_000_000
                + ",\"trigger_holdoff_ms\":" + ring.holdoffNs() / 1_000_000;
    }

    static String version() {
        String v = Recorder.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /**
     * Creates and removes a file where the capture would go: a directory the recorder cannot write to
     * (permissions, a read-only mount, /proc) is said as such, not as "0 MiB free" after seconds of loading.
     */
    static void checkWritable(Path dir) throws OutputNotWritable {
        try {
            Files.delete(Files.createTempFile(dir, ".jrec-write-test", null));
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "it takes no new files"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new OutputNotWritable("cannot write in " + dir + " (" + why + "): choose another -o");
        }
    }

    /** The capture's directory does not take files. */
    public static final class OutputNotWritable extends IOException implements CategorizedFailure {
        OutputNotWritable(String message) {
            super(message);
        }

        @Override
        public Category category() {
            return Category.OUTPUT_NOT_WRITABLE;
        }
    }

    /** Too little free space to start a recording that could be finished. */
    public static final class NotEnoughSpace extends IOException implements CategorizedFailure {
        NotEnoughSpace(String message) {
            super(message);
        }

        @Override
        public Category category() {
            return Category.OUTPUT_NOT_WRITABLE;
        }
    }

    /**
     * The kernel refused a BPF program, map or perf event (loading, attaching or reading it) after the preflight
     * checks passed: a privilege or kernel feature they do not test. The message is libbpf's, as it said it.
     */
    public static final class BpfFailure extends Exception implements CategorizedFailure {
        BpfFailure(dev.jrec.bpf.libbpf.LibbpfException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public Category category() {
            return Category.HOST_UNSUPPORTED;
        }
    }

    /** The capture could not be written to the end; {@link #partial} describes what it does hold. */
    public static final class CaptureWriteFailure extends IOException implements CategorizedFailure {
        private final transient Result partial;

        CaptureWriteFailure(String message, Throwable cause, Result partial) {
            super(message, cause);
            this.partial = partial;
        }

        @Override
        public Category category() {
            return Category.OUTPUT_NOT_WRITABLE;
        }

        /** Null when not even a partial capture could be written. */
        public Result partial() {
            return partial;
        }
    }

    /**
     * Writes batches from the pipe; rolls segments when idle so quiet recordings are saved too. Like the
     * encoder, it runs at {@code nice} while recording and at {@code catchUpNice} once the recording stopped.
     */
    private static final class WriterThread extends Thread {
        private final CaptureWriter writer;
        private final BatchPipe pipe;
        private final RingDumps dumps;
        private final Priority.Phases priority;
        private volatile boolean done;
        private volatile Throwable failure;
        private volatile long cpuNs;

        WriterThread(CaptureWriter writer, BatchPipe pipe, RingDumps dumps, int nice, int catchUpNice) {
            super("jrec-writer");
            setDaemon(true);
            this.writer = writer;
            this.pipe = pipe;
            this.dumps = dumps;
            this.priority = new Priority.Phases(nice, catchUpNice);
        }

        @Override
        public void run() {
            priority.enter();
            try {
                while (!done || !pipe.idle()) {
                    priority.check();
                    EventBatch b = pipe.take(200);
                    if (b != null) {
                        if (dumps != null) dumps.scan(b);
                        writer.write(b);
                        pipe.recycle(b);
                    } else {
                        writer.maybeRoll();
                    }
                    if (dumps != null) dumps.run(writer, false);
                }
                if (dumps != null) dumps.run(writer, true);
            } catch (Throwable t) {
                failure = t;
                pipe.writerDied();
            } finally {
                cpuNs = Priority.threadCpuNs();
            }
        }

        Throwable failure() {
            return failure;
        }

        void catchUp() {
            priority.stop();
        }

        void finish() throws InterruptedException {
            done = true;
            join();
        }
    }
}
