package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.schema.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitWarmupTest {
    @TempDir Path dir;

    @Test
    void runsOnlyForBusySourcesAndLeavesNothingBehind() throws Exception {
        assertTrue(JitWarmup.worthIt(Set.of(Source.SYSCALL)));
        assertTrue(JitWarmup.worthIt(Set.of(Source.SCHED, Source.PROC)));
        assertFalse(JitWarmup.worthIt(Set.of(Source.PROC, Source.BLOCK, Source.PROFILE)));
        long t0 = System.nanoTime();
        JitWarmup.start(Set.of(Source.SCHED, Source.SYSCALL), dir).await();
        System.out.printf("warm-up of %d records: %.0f ms%n", JitWarmup.RECORDS, (System.nanoTime() - t0) / 1e6);
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the scratch capture is removed");
        }
    }

    /** A recording that fails to start (no root, a missing tracepoint) cancels the warm-up, which cleans up after itself. */
    @Test
    void cancelledWarmupLeavesNothingBehind() throws Exception {
        JitWarmup.start(Set.of(Source.SYSCALL), dir).close();
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the scratch capture is removed");
        }
    }
}
