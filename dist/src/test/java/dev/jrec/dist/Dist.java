package dev.jrec.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The artifacts build-dist.sh wrote, and running them as a host without Java would: no JAVA_HOME, PATH=/usr/bin:/bin. */
final class Dist {
    private Dist() {}

    static final String VERSION = System.getProperty("dist.version", "0.1.0-SNAPSHOT");
    static final Path TARGET = Path.of(System.getProperty("dist.dir", "target")).toAbsolutePath();
    static final Path REPO = TARGET.getParent().getParent();
    static final String ARCH = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";

    static Path recorderTarball() {
        return built("jrec-recorder-" + VERSION + "-linux-" + ARCH + ".tar.gz");
    }

    static Path fullTarball() {
        return built("jrec-" + VERSION + "-linux-" + ARCH + ".tar.gz");
    }

    static Path deb() {
        return built("jrec_" + VERSION.replace('-', '~') + "_" + (ARCH.equals("x86_64") ? "amd64" : "arm64") + ".deb");
    }

    static Path appImage() {
        return built("app-image/jrec-workbench");
    }

    /** Skips when the build made no release artifacts (-Ddist.skip, or not Linux x86_64/aarch64). */
    static Path built(String name) {
        Assumptions.assumeFalse(Boolean.getBoolean("dist.skip"), "-Ddist.skip: no release artifacts were built");
        Path p = TARGET.resolve(name);
        Assumptions.assumeTrue(Files.exists(p), "no " + p + ": build-dist.sh makes release artifacts on Linux x86_64 and aarch64 only"
                + (name.endsWith(".deb") ? ", and a .deb where dpkg-deb is installed" : ""));
        return p;
    }

    static boolean root() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    static void assumeRoot() {
        Assumptions.assumeTrue(root(), "recording needs root (BPF): run the tests as root to record with the release");
    }

    /** Unpacks a tarball into an empty directory and returns its one top-level directory. */
    static Path extract(Path tarball, Path into) throws Exception {
        Files.createDirectories(into);
        Run r = run(into, Map.of(), 60, "tar", "-xzf", tarball.toString());
        assertEquals(0, r.code(), r.all());
        try (var s = Files.list(into)) {
            List<Path> top = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertEquals(1, top.size(), "one top-level directory: " + top);
            return top.getFirst();
        }
    }

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** Runs a command with only PATH=/usr/bin:/bin (and {@code env}) in its environment, as {@code env -i} does. */
    static Run run(Path dir, Map<String, String> env, int timeoutSeconds, String... cmd) throws Exception {
        Process p = start(dir, env, cmd);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s: " + out);
        }
        return new Run(p.exitValue(), out, Files.readString(dir.resolve(".stderr")));
    }

    /** Like {@link #start}, with stdout to {@code DIR/.stdout}: for a process that runs while the test waits. */
    static Process startLogged(Path dir, Map<String, String> env, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve(".stderr").toFile()).redirectOutput(dir.resolve(".stdout").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        return pb.start();
    }

    static Process start(Path dir, Map<String, String> env, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve(".stderr").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * {@code jrec record -d 2s --events sched,proc} with {@code jrec}, and a shell that runs /bin/true 50 times
     * once the probes are attached (jrec says so on its recording line); returns the shell's pid.
     */
    static long recordWithWorkload(Path dir, Map<String, String> env, Path capture, String jrec) throws Exception {
        Process rec = startLogged(dir, env, jrec, "record", "-d", "2s", "-o", capture.toString(), "--events", "sched,proc");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean attached = false;
        while (!attached && rec.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            attached = Files.readString(dir.resolve(".stderr")).contains("probes attached");
        }
        long shell = -1;
        if (attached && rec.isAlive()) {
            Process sh = new ProcessBuilder("sh", "-c", "for i in $(seq 50); do /bin/true; done").start();
            shell = sh.pid();
            assertTrue(sh.waitFor(30, TimeUnit.SECONDS) && sh.exitValue() == 0, "the workload ran");
        }
        assertTrue(rec.waitFor(60, TimeUnit.SECONDS), "the recorder stopped");
        String log = Files.readString(dir.resolve(".stdout")) + Files.readString(dir.resolve(".stderr"));
        Assumptions.assumeTrue(rec.exitValue() != 4, "this host cannot record (exit 4): " + log);
        assertEquals(0, rec.exitValue(), log);
        assertTrue(shell > 0, "the workload started on jrec's recording line (probes attached): " + log);
        return shell;
    }

    /** The capture holds scheduler switches and the workload's 50 execs of /bin/true, parented by its shell. */
    static void assertCaptureHoldsWorkload(Path capture, long shell) throws Exception {
        Map<EventKind, Integer> counts = new LinkedHashMap<>();
        List<CapturedEvent> execs = new ArrayList<>();
        try (Capture c = Capture.open(capture); var s = c.events(EventFilter.ALL)) {
            for (CapturedEvent e : s) {
                if (e.kind() != null) counts.merge(e.kind(), 1, Integer::sum);
                if (e.kind() == EventKind.PROC_EXEC && "/bin/true".equals(e.getString(Column.FILENAME)) && e.getInt(Column.PPID) == shell) {
                    execs.add(e);
                }
            }
        }
        assertTrue(counts.getOrDefault(EventKind.SCHED_SWITCH, 0) > 0, "sched_switch rows: " + counts);
        assertEquals(50, execs.size(), "one exec of /bin/true per iteration of the workload's loop: " + counts);
    }

    static String hostname() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }
}
