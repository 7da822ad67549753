package dev.jrec.formats.bench;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.write.EventBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same work as {@link WriterThroughputBenchmark#writeSchedSwitch} with the PROTOTYPE writer of the
 * proposed patch ({@link ProposedCaptureWriter}), one variant per step of the proposal:
 * <ul>
 *   <li>{@code columnar}: merge reads fixed + column-at-a-time encoding;
 *   <li>{@code columnar+skipNull}: + all-null columns written as one page per row group;
 *   <li>{@code columnar+skipNull+noDictDur}: + no dictionary attempt on dur_ns and wait_ns.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class ProposedWriterBenchmark {
    @Param({"columnar", "columnar+skipNull", "columnar+skipNull+noDictDur"})
    public String variant;

    private SchedSwitchTape tape;
    private EventBatch batch;
    private Path dir;
    private Path out;
    private int captures;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        tape = new SchedSwitchTape(42, 1 << 20);
        batch = new EventBatch(WriterThroughputBenchmark.BATCH_ROWS);
        Path base = Path.of(System.getProperty("jrec.bench.dir", System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(base, "jrec-proposed-bench");
    }

    @Benchmark
    @OperationsPerInvocation(WriterThroughputBenchmark.EVENTS)
    public long writeSchedSwitch(WriterThroughputBenchmark.SizeCounters size) throws IOException {
        out = dir.resolve("capture-" + captures++ + ".parquet");
        tape.rewind();
        long thread0 = WriterThroughputBenchmark.SizeCounters.THREADS.getCurrentThreadCpuTime();
        long process0 = WriterThroughputBenchmark.SizeCounters.OS.getProcessCpuTime();
        long bytes = write(tape, out, WriterThroughputBenchmark.EVENTS, batch, variant);
        size.count(bytes, WriterThroughputBenchmark.EVENTS, thread0, process0);
        return bytes;
    }

    static long write(SchedSwitchTape tape, Path out, long events, EventBatch batch, String variant) throws IOException {
        boolean skipNull = variant.contains("skipNull");
        Set<Column> noDict = variant.contains("noDictDur") ? Set.of(Column.DUR_NS, Column.WAIT_NS) : Set.of();
        ProposedCaptureWriter w = new ProposedCaptureWriter(out, SchedSwitchTape.metadata(), skipNull, noDict, 1_000_000_000L);
        long left = events;
        while (left > 0) {
            int n = (int) Math.min(batch.capacity(), left);
            batch.clear();
            tape.fill(batch, n);
            w.write(batch);
            left -= n;
        }
        batch.clear();
        return w.close(Map.of());
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
}
