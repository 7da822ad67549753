package dev.jrec.bench.formats;

import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's work without JMH, for profiling (JFR, async-profiler): writes sched_switch captures of
 * {@code events} events back to back for {@code seconds}, printing each capture's events/s and bytes/event.
 *
 * <pre>java -XX:StartFlightRecording=filename=w.jfr,settings=profile -cp ... dev.jrec.bench.formats.WriterLoop [seconds] [events] [dir]</pre>
 */
public final class WriterLoop {
    private WriterLoop() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long events = args.length > 1 ? Long.parseLong(args[1]) : WriterThroughputBenchmark.EVENTS;
        Path base = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "jrec-writer-loop");
        SchedSwitchTape tape = new SchedSwitchTape(42, 1 << 20);
        EventBatch batch = new EventBatch(WriterThroughputBenchmark.BATCH_ROWS);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long totalEvents = 0, totalNs = 0, totalWriteNs = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            Path out = dir.resolve("capture-" + i + ".parquet");
            tape.rewind();
            SchedSwitchTape.Written w = tape.writeCapture(out, events, batch, WriterThroughputBenchmark.options());
            long ns = w.writeNs() + w.closeNs();
            totalEvents += events;
            totalNs += ns;
            totalWriteNs += w.writeNs();
            System.out.printf("capture %d: %,d events in %.2f s = %,.0f events/s (fill+write %.2f s = %,.0f events/s; close/merge %.2f s), %.2f bytes/event%n",
                    i, events, ns / 1e9, events * 1e9 / ns, w.writeNs() / 1e9, events * 1e9 / w.writeNs(), w.closeNs() / 1e9,
                    (double) w.bytes() / events);
            Files.delete(out);
        }
        System.out.printf("total: %,.0f events/s (without close/merge: %,.0f events/s)%n", totalEvents * 1e9 / totalNs,
                totalEvents * 1e9 / totalWriteNs);
        Files.delete(dir);
    }
}
