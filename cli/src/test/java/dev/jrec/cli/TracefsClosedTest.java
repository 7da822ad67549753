package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        Assumptions.assumeTrue(new ProcessBuilder("id", "-u").start().inputReader().readLine().equals("0"), "needs root to drop to nobody");
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Assumptions.assumeTrue(Files.isDirectory(tracefs.resolve("events")), "tracefs is not mounted here");
        Assumptions.assumeFalse(PosixFilePermissions.toString(Files.getPosixFilePermissions(tracefs)).endsWith("r-x"),
                "tracefs is open to other users here");
        // nobody cannot read root's Maven repository: the class path goes where it can
        Path cp = Files.createTempDirectory(Path.of("/tmp"), "jrec-cp");
        try {
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (e.contains("duckdb") || e.contains("junit") || !Files.exists(Path.of(e))) continue;
                Path to = cp.resolve(i++ + "-" + Path.of(e).getFileName());
                copy(Path.of(e), to);
                entries.add(to.toString());
            }
            try (Stream<Path> all = Files.walk(cp)) {
                for (Path p : all.toList()) p.toFile().setReadable(true, false);
            }
            try (Stream<Path> all = Files.walk(cp)) {
                for (Path p : all.filter(Files::isDirectory).toList()) p.toFile().setExecutable(true, false);
            }
            Path out = cp.resolve("never.parquet");
            cp.toFile().setWritable(true, false);
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=+bpf,+perfmon", "--ambient-caps=+bpf,+perfmon", "--",
                    ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                    "-cp", String.join(File.pathSeparator, entries), Jrec.class.getName(), "record", "-d", "1s", "-o", out.toString())
                    .redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(ExitCodes.UNSUPPORTED, p.exitValue(), said);
            assertTrue(said.contains("tracefs is mounted at /sys/kernel/tracing but this user cannot read it"), said);
            assertTrue(said.contains("mode=755"), said);
        } finally {
            try (Stream<Path> all = Files.walk(cp)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        if (Files.isRegularFile(from)) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
