package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stripped binary burns CPU in a static function that only its debug file names; the recording cannot
 * name those frames, jrec symbolize names them later from a .build-id directory, as a laptop would with
 * the build's debug files.
 */
class SymbolizeCommandTest {
    @TempDir static Path dir;
    static Path capture;
    static Path debugDir;

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) fail(String.join(" ", cmd) + ": " + out);
    }

    @BeforeAll
    static void recordStrippedProgram() throws Exception {
        Path src = dir.resolve("burner.c"), exe = dir.resolve("burner");
        Files.writeString(src, """
                #include <time.h>
                static volatile unsigned long sink;
                static __attribute__((noinline)) void jrec_burn_here(void) {
                    for (unsigned long i = 0; i < 100000; i++) sink += i * i;
                }
                int main(void) {
                    /* until the test kills it: a loaded host may take seconds to attach the recorder */
                    time_t end = time(0) + 120;
                    while (time(0) < end) jrec_burn_here();
                    return 0;
                }
                """);
        run("gcc", "-O1", "-g", "-fno-omit-frame-pointer", "-Wl,--build-id", "-o", exe.toString(), src.toString());
        String buildId = new String(new ProcessBuilder("sh", "-c", "readelf -n " + exe + " | awk '/Build ID/ {print $3}'")
                .start().getInputStream().readAllBytes()).strip();
        assertTrue(buildId.matches("[0-9a-f]{16,}"), "build-id: " + buildId);
        debugDir = dir.resolve("debug");
        Path debugFile = debugDir.resolve(".build-id").resolve(buildId.substring(0, 2)).resolve(buildId.substring(2) + ".debug");
        Files.createDirectories(debugFile.getParent());
        run("objcopy", "--only-keep-debug", exe.toString(), debugFile.toString());
        run("strip", "--strip-all", exe.toString());

        capture = dir.resolve("stripped.parquet");
        Process burner = new ProcessBuilder(exe.toString()).start();
        try {
            ChildRecorder.record(dir.resolve("record.log"), "-d", "2s", "--events", "profile", "-p", Long.toString(burner.pid()),
                    "-o", capture.toString());
        } finally {
            burner.destroyForcibly();
        }
    }

    private static long sql(Path c, String query) {
        ReportCommandTest.Run r = ReportCommandTest.jrec("query", c.toString(), query, "--format", "csv");
        assertEquals(0, r.code(), r.err());
        return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().strip());
    }

    private static final String BURNER_FRAMES = "SELECT count(*) FROM frame WHERE module LIKE '%/burner'";

    @Test
    void namesTheStrippedBinarysFramesFromItsDebugFile() {
        long frames = sql(capture, BURNER_FRAMES);
        long unnamed = sql(capture, BURNER_FRAMES + " AND func IS NULL");
        assertTrue(frames > 0 && unnamed > 0, "the stripped burner's frames: " + frames + ", unnamed: " + unnamed);
        assertEquals(0, sql(capture, BURNER_FRAMES + " AND func = 'jrec_burn_here'"), "named without its debug file");
        long rows = sql(capture, "SELECT count(*) FROM read_parquet('" + capture + "')");

        Path out = dir.resolve("symbolized.parquet");
        ReportCommandTest.Run r = ReportCommandTest.jrec("symbolize", capture.toString(), "--debug-dir", debugDir.toString(),
                "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": named "), r.out());

        assertTrue(sql(out, BURNER_FRAMES + " AND func = 'jrec_burn_here'") > 0, "burn frames named: " + r.out());
        assertTrue(sql(out, BURNER_FRAMES + " AND func IS NULL") < unnamed, r.out());
        assertEquals(rows, sql(out, "SELECT count(*) FROM read_parquet('" + out + "')"), "every row is kept");
        assertEquals(sql(capture, "SELECT count(*) FROM cpu_sample"), sql(out, "SELECT count(*) FROM cpu_sample"));
        assertTrue(sql(out, "SELECT count(*) FROM parquet_kv_metadata('" + out + "') WHERE decode(key) = 'jrec.symbolize.frames'"
                + " AND decode(value)::INT > 0") == 1, "the footer says what was named later");
        // the samples in the burning function now add up under its name
        assertTrue(sql(out, "SELECT count(*) FROM cpu_sample JOIN stack_frame USING (stack_id) JOIN frame USING (frame_id)"
                + " WHERE func = 'jrec_burn_here'") > 0);
    }

    @Test
    void aDirectoryWithoutTheDebugFileLeavesTheCaptureUnchanged() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path copy = dir.resolve("copy.parquet");
        Files.copy(capture, copy);
        byte[] before = Files.readAllBytes(copy);
        ReportCommandTest.Run r = ReportCommandTest.jrec("symbolize", copy.toString(), "--debug-dir", empty.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("unchanged"), r.out());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(copy)), "the capture was rewritten");
    }

    @Test
    void aMissingDebugDirIsAUsageError() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("symbolize", capture.toString(), "--debug-dir", dir.resolve("nope").toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("is not a directory"), r.err());
    }
}
