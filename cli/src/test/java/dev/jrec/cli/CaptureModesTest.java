package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures hold every process's command line: they, their parts and exports are the owner's only whatever the
 * umask, and under sudo the invoking user's. Run as children with umask 000, which used to give 0666 captures.
 */
class CaptureModesTest {
    @TempDir Path dir;

    /** {@code jrec ARGS} in a child JVM under umask 000, with {@code env} added to its environment. */
    private Process jrec(Map<String, String> env, Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask 000; exec \"$@\"", "sh"));
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Jrec.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("SUDO_UID");
        pb.environment().remove("SUDO_GID");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void finish(Process p, Path log) throws Exception {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("did not finish: " + Files.readString(log));
        }
        Assumptions.assumeTrue(p.exitValue() != ExitCodes.UNSUPPORTED, "this host cannot record: " + Files.readString(log));
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static int uid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid");
    }

    private static int gid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:gid");
    }

    @Test
    void underUmask000CapturesPartsAndExportsAreTheOwnersOnly() throws Exception {
        Path out = dir.resolve("private.parquet"), log = dir.resolve("record.log");
        Process p = jrec(Map.of(), log, "record", "-d", "3s", "--events", "sched,proc", "-o", out.toString());
        Path parts = dir.resolve("private.parquet.parts");
        Path segment = firstSegment(parts, p, log);
        assertEquals("rwx------", mode(parts), "the parts folder");
        assertEquals("rw-------", mode(segment), "a segment");
        finish(p, log);
        assertEquals("rw-------", mode(out), "the capture");
        int self = uid(dir);
        assertEquals(self, uid(out), "without sudo, the capture is the recorder's user's");

        Path html = dir.resolve("report.html"), elog = dir.resolve("export.log");
        finish(jrec(Map.of(), elog, "export", out.toString(), "--as", "perfetto", "-o", html.toString()), elog);
        assertEquals("rw-------", mode(html), "an export");
    }

    @Test
    void underSudoTheyAreTheInvokingUsers() throws Exception {
        Assumptions.assumeTrue(uid(Path.of("/proc/self")) == 0, "chown needs root");
        Map<String, String> sudo = Map.of("SUDO_UID", "65534", "SUDO_GID", "65533", "SUDO_USER", "nobody");
        Path out = dir.resolve("sudo.parquet"), log = dir.resolve("record.log");
        Process p = jrec(sudo, log, "record", "-d", "3s", "--events", "sched,proc", "-o", out.toString());
        Path parts = dir.resolve("sudo.parquet.parts");
        Path segment = firstSegment(parts, p, log);
        assertEquals(65534, uid(parts), "the parts folder");
        assertEquals(65534, uid(segment), "a segment");
        finish(p, log);
        assertEquals("rw-------", mode(out));
        assertEquals(65534, uid(out), "the capture is SUDO_UID's");
        assertEquals(65533, gid(out), "in SUDO_GID");

        Path folded = dir.resolve("x.perfetto.json"), elog = dir.resolve("export.log");
        finish(jrec(sudo, elog, "export", out.toString(), "--as", "perfetto", "-o", folded.toString()), elog);
        assertEquals(65534, uid(folded), "an export");
        assertEquals("rw-------", mode(folded));
    }

    /** Waits for the recording's first closed segment (about a second after its probes attach). */
    private static Path firstSegment(Path parts, Process p, Path log) throws Exception {
        for (int i = 0; i < 600 && p.isAlive(); i++) {
            if (Files.isDirectory(parts)) {
                try (Stream<Path> s = Files.list(parts)) {
                    var seg = s.filter(f -> f.getFileName().toString().matches("seg-\\d+\\.parquet")).findFirst();
                    if (seg.isPresent()) return seg.get();
                } catch (java.nio.file.NoSuchFileException gone) {
                    break;
                }
            }
            Thread.sleep(50);
        }
        finish(p, log);
        fail("no segment appeared while recording: " + Files.readString(log));
        return null;
    }
}
