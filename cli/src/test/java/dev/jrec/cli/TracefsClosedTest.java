package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A recorder that is not root but has CAP_BPF and CAP_PERFMON meets tracefs mounted mode 0700: it used to
 * say "tracefs is not mounted". It now says what is missing and how to open it.
 */
class TracefsClosedTest {
    @Test
    void aClosedTracefsIsNotCalledUnmounted() throws Exception {
        Path tracefs = Path.of("/sys/kernel/tracing");
        Assumptions.assumeTrue(Files.isDirectory(tracefs.resolve("events")), "tracefs is not mounted here");
        Assumptions.assumeFalse(PosixFilePermissions.toString(Files.getPosixFilePermissions(tracefs)).endsWith("r-x"),
                "tracefs is open to other users here");
        try (AsNobody nobody = new AsNobody("duckdb")) {
            Path out = nobody.scratch().resolve("never.parquet");
            AsNobody.Run r = nobody.withCaps("bpf,perfmon", "record", "-d", "1s", "-o", out.toString());
            assertEquals(ExitCodes.UNSUPPORTED, r.code(), r.said());
            assertTrue(r.said().contains("tracefs is mounted at /sys/kernel/tracing but this user cannot read it"), r.said());
            assertTrue(r.said().contains("mode=755"), r.said());
        }
    }
}
