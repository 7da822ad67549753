package dev.jrec.recorder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.events.EventLayouts;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Compiles the recorder's hot path before the probes attach, by decoding and writing synthetic records of the
 * high-rate kinds into a throwaway capture. A cold JVM decodes and encodes an order of magnitude slower for its
 * first second, which is when a recording started during a storm meets it. Measured: a 5 M getppid burst
 * 0.5 s after the probes attached lost 18, 10 and 22 % of its syscalls in three runs without this, 0, 0 and
 * 0.09 % with it, at no cost to the burst (2.9-3.1 s either way); it adds about a second to the start.
 */
final class JitWarmup {
    /** Enough calls of the per-record methods and loop iterations of the per-column ones for C2. */
    static final int RECORDS = 300_000;

    /** The longest the drain waits for the warm-up once the probes are attached (it takes ~0.5-1 s). */
    static final java.time.Duration MAX_WAIT = java.time.Duration.ofMillis(1500);

    /** The warm-up's nice value while the probes load. */
    private static final int BACKGROUND_NICE = 10;

    private static final long TS = EventDecoder.off(EventLayouts.HDR, "ts"), PID = EventDecoder.off(EventLayouts.HDR, "pid"),
            TID = EventDecoder.off(EventLayouts.HDR, "tid"), CPU = EventDecoder.off(EventLayouts.HDR, "cpu"),
            SC_ID = EventDecoder.off(EventLayouts.SYSCALL, "id"), SC_DUR = EventDecoder.off(EventLayouts.SYSCALL, "duration_ns"),
            SC_RET = EventDecoder.off(EventLayouts.SYSCALL, "ret"), SW_NEXT = EventDecoder.off(EventLayouts.SCHED_SWITCH, "next_tid"),
            SW_ONCPU = EventDecoder.off(EventLayouts.SCHED_SWITCH, "prev_oncpu_ns"),
            SW_WAIT = EventDecoder.off(EventLayouts.SCHED_SWITCH, "next_rq_wait_ns"),
            WK_TARGET = EventDecoder.off(EventLayouts.SCHED_WAKEUP, "target_tid");

    private JitWarmup() {}

    /** Whether the sources are busy enough for it to matter: sched and syscall run at up to millions of events/s. */
    static boolean worthIt(Set<Source> sources) {
        return sources.contains(Source.SCHED) || sources.contains(Source.SYSCALL);
    }

    /**
     * Starts the warm-up on its own thread, so that it overlaps what else a recording's start waits for
     * (binding libbpf, loading and verifying the BPF programs): the probes attach without waiting for it,
     * the kernel's ring buffers hold what they record meanwhile, and the drain starts once {@link
     * Running#await} returns.
     */
    static Running start(Set<Source> sources, Path dir) {
        Running r = new Running(sources, dir);
        r.thread.start();
        return r;
    }

    /** A warm-up in progress; closing it cancels it (a recording that failed to start) and waits for its cleanup. */
    static final class Running implements AutoCloseable {
        private final Thread thread;
        private volatile boolean cancelled, hurry;
        private boolean hurried;

        private Running(Set<Source> sources, Path dir) {
            thread = Thread.ofPlatform().name("jrec-warmup").daemon().unstarted(() -> {
                try {
                    // Second to loading the probes, which the user waits for; first once they are attached.
                    dev.jrec.bpf.libbpf.Native.setThreadNice(BACKGROUND_NICE);
                    run(sources, dir, () -> {
                        if (hurry && !hurried) {
                            hurried = true;
                            dev.jrec.bpf.libbpf.Native.setThreadNice(0); // needs CAP_SYS_NICE; else it stays nice
                        }
                        return cancelled;
                    });
                } catch (IOException | java.io.UncheckedIOException e) {
                    // only an optimization: a disk too full for its scratch capture is for the recording to report
                }
            });
        }

        /**
         * Waits until the hot path is compiled (or the warm-up gave up), at full priority from now on, but
         * not past {@link #MAX_WAIT}: on a host too busy to finish it soon, the kernel's rings would fill
         * while the drain waits, so the drain starts cold instead.
         */
        void await() throws InterruptedException {
            hurry = true;
            if (!thread.join(MAX_WAIT)) close();
        }

        @Override
        public void close() throws InterruptedException {
            cancelled = true;
            thread.join();
        }
    }

    /** Runs in a scratch directory under {@code dir} (the capture's, known writable) and removes it. */
    static void run(Set<Source> sources, Path dir, java.util.function.BooleanSupplier cancelled) throws IOException {
        Path scratch = Files.createTempDirectory(dir, ".jrec-warmup");
        try (Arena arena = Arena.ofConfined()) {
            CaptureWriter writer = CaptureWriter.create(scratch.resolve("w.parquet"), Map.of(), CaptureWriter.Options.defaults());
            EventDecoder decoder = new EventDecoder(full -> {
                if (full != null) {
                    try {
                        writer.write(full);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    full.clear();
                    return full;
                }
                return new EventBatch(Recorder.BATCH_ROWS);
            }, new SeenThreads(scratch, 0));
            MemorySegment sw = record(arena, EventLayouts.SCHED_SWITCH, EventKind.SCHED_SWITCH);
            MemorySegment wk = record(arena, EventLayouts.SCHED_WAKEUP, EventKind.SCHED_WAKEUP);
            MemorySegment sc = record(arena, EventLayouts.SYSCALL, EventKind.SYSCALL);
            boolean sched = sources.contains(Source.SCHED), syscall = sources.contains(Source.SYSCALL);
            SplittableRandom rnd = new SplittableRandom(1);
            long ts = 1;
            for (int i = 0; i < RECORDS; i++) {
                if ((i & 1023) == 0 && cancelled.getAsBoolean()) break;
                ts += 1 + rnd.nextInt(2_000);
                int tid = 1000 + rnd.nextInt(64);
                if (syscall && (!sched || (i & 1) == 0)) {
                    stamp(sc, ts, tid);
                    sc.set(JAVA_INT_UNALIGNED, SC_ID, rnd.nextInt(300));
                    sc.set(JAVA_LONG_UNALIGNED, SC_DUR, rnd.nextInt(50_000));
                    sc.set(JAVA_LONG_UNALIGNED, SC_RET, rnd.nextInt(4096) - 100);
                    decoder.onRecord(sc, 0, (int) EventLayouts.SYSCALL.byteSize());
                } else if ((i & 2) == 0) {
                    stamp(sw, ts, tid);
                    sw.set(JAVA_INT_UNALIGNED, SW_NEXT, 1000 + rnd.nextInt(64));
                    sw.set(JAVA_LONG_UNALIGNED, SW_ONCPU, rnd.nextInt(1_000_000));
                    sw.set(JAVA_LONG_UNALIGNED, SW_WAIT, rnd.nextInt(100_000));
                    decoder.onRecord(sw, 0, (int) EventLayouts.SCHED_SWITCH.byteSize());
                } else {
                    stamp(wk, ts, tid);
                    wk.set(JAVA_INT_UNALIGNED, WK_TARGET, 1000 + rnd.nextInt(64));
                    decoder.onRecord(wk, 0, (int) EventLayouts.SCHED_WAKEUP.byteSize());
                }
            }
            decoder.flush();
            writer.close(Map.of());
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }


    private static MemorySegment record(Arena arena, StructLayout l, int kind) {
        MemorySegment s = arena.allocate(l.byteSize());
        s.set(JAVA_SHORT_UNALIGNED, EventDecoder.off(EventLayouts.HDR, "kind"), (short) kind);
        byte[] comm = "warmup".getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(comm, 0, s, JAVA_BYTE, EventDecoder.off(EventLayouts.HDR, "comm"), comm.length);
        return s;
    }

    private static void stamp(MemorySegment s, long ts, int tid) {
        s.set(JAVA_LONG_UNALIGNED, TS, ts);
        s.set(JAVA_INT_UNALIGNED, PID, tid & ~7);
        s.set(JAVA_INT_UNALIGNED, TID, tid);
        s.set(JAVA_SHORT_UNALIGNED, CPU, (short) (tid & 1));
    }
}
