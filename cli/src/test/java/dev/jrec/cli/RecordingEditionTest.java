package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording edition is jrec without the analyzer (no jrec-analysis, no DuckDB): what it has works, and
 * what it leaves out says so in one line, with exit code 4, instead of a NoClassDefFoundError.
 */
class RecordingEditionTest {
    @TempDir Path dir;

    record Run(int code, String out) {}

    private static Run jrecWithoutAnalyzer(String... args) throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("duckdb") && !e.contains("jrec-analysis") && !e.contains("/analysis/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", cp, Jrec.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Run(p.waitFor(), out);
    }

    @Test
    void analysisCommandsPointToTheFullEditionAndTheRestWorks() throws Exception {
        Path capture = dir.resolve("c.parquet");
        EventBatch b = new EventBatch(100);
        Random rnd = new Random(1);
        for (int i = 0; i < 50; i++) SampleEvents.add(b, EventKind.SCHED_SWITCH, 1_000_000_000L + i * 1000L, rnd);
        CaptureWriter w = CaptureWriter.create(capture, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults());
        w.write(b);
        w.close(Map.of(MetadataKeys.END_TS, "2000000000"));

        Run report = jrecWithoutAnalyzer("report", capture.toString(), "summary");
        assertEquals(ExitCodes.UNSUPPORTED, report.code(), report.out());
        assertEquals(1, report.out().lines().count(), "one line: " + report.out());
        assertTrue(report.out().contains("recording edition") && report.out().contains("full edition"), report.out());

        Run info = jrecWithoutAnalyzer("info", capture.toString());
        assertEquals(0, info.code(), info.out());
        assertTrue(info.out().contains("sched_switch"), info.out());

        Run help = jrecWithoutAnalyzer("--help");
        assertEquals(0, help.code(), help.out());
        assertTrue(help.out().contains("full edition only"), help.out());
    }
}
