package dev.jrec.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs jrec as user nobody (setpriv), for what another user meets; root, which the tests run as, reads
 * everything. Nobody cannot read root's Maven repository, so the class path is copied where it can.
 */
final class AsNobody implements AutoCloseable {
    record Run(int code, String said) {}

    private final Path cp;
    private final List<String> entries = new ArrayList<>();

    /** Skips the test unless this is root with setpriv; {@code skip} leaves jars out that the runs do not load. */
    AsNobody(String... skip) throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("id", "-u").start().inputReader().readLine().equals("0"), "needs root to drop to nobody");
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        cp = Files.createTempDirectory(Path.of("/tmp"), "jrec-cp");
        int i = 0;
        entries:
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("junit") || !Files.exists(Path.of(e))) continue;
            for (String s : skip) if (e.contains(s)) continue entries;
            Path to = cp.resolve(i++ + "-" + Path.of(e).getFileName());
            copy(Path.of(e), to);
            entries.add(to.toString());
        }
        try (Stream<Path> all = Files.walk(cp)) {
            for (Path p : all.toList()) {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p)) p.toFile().setExecutable(true, false);
            }
        }
    }

    Run jrec(String... args) throws Exception {
        return run(List.of(), args);
    }

    /** As nobody holding {@code caps} (e.g. "bpf,perfmon"), as a recorder given capabilities instead of root is. */
    Run withCaps(String caps, String... args) throws Exception {
        String plus = "+" + caps.replace(",", ",+");
        return run(List.of("--inh-caps=" + plus, "--ambient-caps=" + plus), args);
    }

    /** A folder nobody may write in (removed on close). */
    Path scratch() {
        cp.toFile().setWritable(true, false);
        return cp;
    }

    private Run run(List<String> privileges, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(privileges);
        cmd.addAll(List.of("--", ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", String.join(File.pathSeparator, entries), Jrec.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(cp.toFile()).start();
        String said = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jrec " + String.join(" ", args) + " did not end: " + said);
        }
        return new Run(p.exitValue(), said);
    }

    @Override
    public void close() throws Exception {
        try (Stream<Path> all = Files.walk(cp)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
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
