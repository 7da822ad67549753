package dev.jrec.bench.formats;

import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the capture writer's thread on sched_switch events, in events per second (one op = one
 * event): fill 8 Ki-row batches (as the recorder) from decoded events, {@code write} it (sort, reorder window, Parquet
 * encoding, ZSTD, 1-second segment files with fsync), and {@code close} (merge of the segments into the
 * capture), over a capture of {@value #EVENTS} events with the writer's default options. The goal is
 * 2,000,000 events/s on one core.
 *
 * <p>The secondary results {@code fileBytes} and {@code events} give bytes per event on disk (their ratio);
 * bench/writer-throughput.sh prints it. Run: {@code bench/writer-throughput.sh}, or
 * {@code java -cp ... org.openjdk.jmh.Main WriterThroughputBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class WriterThroughputBenchmark {
    /** Events per capture (one benchmark invocation). */
    public static final int EVENTS = 1 << 22;
    /** Rows per batch, as the recorder uses them (Recorder.BATCH_ROWS). */
    public static final int BATCH_ROWS = 1 << 13;

    static CaptureWriter.Options options() {
        return CaptureWriter.Options.defaults().withBatchCapacity(BATCH_ROWS);
    }

    private SchedSwitchTape tape;
    private EventBatch batch;
    private Path dir;
    private Path out;
    private int captures;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        tape = new SchedSwitchTape(42, 1 << 20);
        batch = new EventBatch(BATCH_ROWS);
        Path base = Path.of(System.getProperty("jrec.bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(base, "jrec-writer-bench");
    }

    /** Writes one whole capture of sched_switch events; score = events/s. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long writeSchedSwitch(SizeCounters size) throws IOException {
        out = dir.resolve("capture-" + captures++ + ".parquet");
        tape.rewind();
        long thread0 = SizeCounters.THREADS.getCurrentThreadCpuTime(), process0 = SizeCounters.OS.getProcessCpuTime();
        long bytes = tape.writeCapture(out, EVENTS, batch, options()).bytes();
        size.count(bytes, EVENTS, thread0, process0);
        return bytes;
    }

    /** The batch filling alone (no writer), to subtract from the above: what the writer itself costs. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void fillOnly(Blackhole bh) {
        tape.rewind();
        for (int left = EVENTS; left > 0; left -= batch.capacity()) {
            batch.clear();
            tape.fill(batch, Math.min(batch.capacity(), left));
            bh.consume(batch);
        }
        batch.clear();
    }

    @TearDown(Level.Invocation)
    public void deleteCapture() throws IOException {
        if (out != null) Files.deleteIfExists(out);
        out = null;
    }

    @TearDown(Level.Trial)
    public void deleteDir() throws IOException {
        Files.deleteIfExists(dir);
    }

    /**
     * Per iteration: bytes of the captures written, events in them (bytes/event is their ratio), and the CPU
     * time the writing took, of the benchmark thread and of the whole JVM (GC and JIT threads included):
     * events / CPU time is the throughput on a dedicated core, which the wall-clock score only approaches
     * on an otherwise idle machine.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SizeCounters {
        static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
        static final com.sun.management.OperatingSystemMXBean OS =
                java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

        public long fileBytes;
        public long events;
        public long threadCpuNs;
        public long processCpuNs;

        @Setup(Level.Iteration)
        public void reset() {
            fileBytes = 0;
            events = 0;
            threadCpuNs = 0;
            processCpuNs = 0;
        }

        void count(long bytes, long n, long thread0, long process0) {
            fileBytes += bytes;
            events += n;
            threadCpuNs += THREADS.getCurrentThreadCpuTime() - thread0;
            processCpuNs += OS.getProcessCpuTime() - process0;
        }
    }
}
