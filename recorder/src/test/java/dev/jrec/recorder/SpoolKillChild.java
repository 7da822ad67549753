package dev.jrec.recorder;

import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CapturePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run by {@link SpoolSalvageTest} in a JVM of its own, to be SIGKILLed: records syscalls; once a segment is closed
 * (or at once, given a fourth argument {@code early}: no segment ever closes) its encoder stops for good, and a workload runs whose every event then waits in the spool (2 MiB of memory,
 * the rest in the spill file). Prints {@code pid N} and {@code spilled B}, then waits for the kill.
 */
public final class SpoolKillChild {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        String path = args[2];
        boolean early = args.length > 3 && args[3].equals("early");
        AtomicBoolean freeze = new AtomicBoolean(early);
        CountDownLatch frozen = new CountDownLatch(1);
        EncoderThread.Hook hook = () -> {
            if (!freeze.get()) return;
            frozen.countDown();
            try {
                new CountDownLatch(1).await(); // the chunk just taken, and all after it, stay in the spool
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        RecordConfig cfg = RecordConfig.defaults(out).withSources(EnumSet.of(Source.SYSCALL));
        Path parts = CapturePaths.partsDir(out.toAbsolutePath());
        try (LiveRecording rec = new LiveRecording(cfg, r -> r.spoolForTest(2, hook))) {
            while (!early && CapturePaths.closedSegments(parts).isEmpty()) Thread.sleep(20);
            freeze.set(true);
            frozen.await();
            long pid = Workloads.openMissing(n, path);
            Thread.sleep(300); // a few drain cycles: every record is in the spool
            System.out.println("pid " + pid);
            System.out.println("spilled " + (Files.exists(parts.resolve(CapturePaths.SPOOL)) ? Files.size(parts.resolve(CapturePaths.SPOOL)) : 0));
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
