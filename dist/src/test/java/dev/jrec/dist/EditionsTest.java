package dev.jrec.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.dist.Dist.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tarball, unpacked into an empty directory, runs on a host as if it had no Java: the environment holds only
 * PATH=/usr/bin:/bin. Recording needs root; the rest of each test runs without.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EditionsTest {
    @TempDir static Path shared;
    private static Path fullHome;

    /** The full edition, unpacked once for the tests that use it (it is 168 MB). */
    private static synchronized Path fullEdition() throws Exception {
        if (fullHome == null) fullHome = Dist.extract(Dist.fullTarball(), shared.resolve("unpacked"));
        return fullHome;
    }

    private static final Map<String, String> NO_ENV = Map.of();
    /** Fails the JVM's start when lib/jrec.aot cannot be used, where it would otherwise be ignored in silence. */
    private static final Map<String, String> AOT_REQUIRED = Map.of("JREC_JAVA_OPTS", "-XX:AOTMode=on");

    @Test
    void recordingEditionRecordsAndInspectsWithNoJavaOnTheHost(@TempDir Path tmp) throws Exception {
        Path home = Dist.extract(Dist.recorderTarball(), tmp.resolve("unpacked"));
        assertEquals("jrec-recorder-" + Dist.VERSION, home.getFileName().toString());
        List<String> jars = jars(home);
        assertTrue(jars.stream().noneMatch(j -> j.startsWith("duckdb") || j.startsWith("javafx") || j.contains("jfree") || j.contains("analyzer-gui")),
                "no DuckDB, no JavaFX in the recording edition: " + jars);
        layout(home);

        String jrec = home.resolve("bin/jrec").toString();
        Run version = Dist.run(tmp, AOT_REQUIRED, 60, jrec, "--version");
        assertEquals(0, version.code(), "the JVM starts from lib/jrec.aot after the tree moved: " + version.all());
        assertTrue(version.out().startsWith("jrec " + Dist.VERSION), version.all());
        Run help = Dist.run(tmp, NO_ENV, 60, jrec, "--help");
        assertEquals(0, help.code(), help.all());
        assertTrue(help.out().contains("full edition only"), "the analysis commands are listed as the full edition's: " + help.out());
        Run report = Dist.run(tmp, NO_ENV, 60, jrec, "report", Dist.REPO.resolve("sample-captures/lock-contention.parquet").toString(), "summary");
        assertEquals(4, report.code(), report.all());
        assertEquals("", report.out());
        assertEquals(1, report.err().lines().count(), "one line: " + report.err());
        assertTrue(report.err().contains("full edition"), report.err());
        Run open = Dist.run(tmp, NO_ENV, 60, jrec, "open");
        assertEquals(4, open.code(), open.all());
        assertTrue(open.err().contains("full edition"), open.all());

        recordAndInspect(tmp, jrec);
    }

    /** As root: records 2 s with a workload on the recording line and checks the capture and what info says of it. */
    private static Path recordAndInspect(Path tmp, String jrec) throws Exception {
        Dist.assumeRoot();
        Path capture = tmp.resolve("x.parquet");
        long shell = Dist.recordWithWorkload(tmp, NO_ENV, capture, jrec);
        Dist.assertCaptureHoldsWorkload(capture, shell);
        Run info = Dist.run(tmp, NO_ENV, 60, jrec, "info", capture.toString());
        assertEquals(0, info.code(), info.all());
        assertTrue(info.out().matches("(?s).*sched_switch\\s+[\\d,]+.*"), info.out());
        assertTrue(info.out().matches("(?s).*proc_exec\\s+[\\d,]+.*"), info.out());
        assertTrue(info.out().contains("host      " + Dist.hostname()), info.out());
        return capture;
    }

    @Test
    void fullEditionRecordsInspectsAndReports(@TempDir Path tmp) throws Exception {
        Path home = fullEdition();
        assertEquals("jrec-" + Dist.VERSION, home.getFileName().toString());
        List<String> jars = jars(home);
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("duckdb_jdbc-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("javafx-graphics-")), jars.toString());
        layout(home);
        String jrec = home.resolve("bin/jrec").toString();

        Run views = Dist.run(tmp, AOT_REQUIRED, 60, jrec, "views", Dist.REPO.resolve("sample-captures/lock-contention.parquet").toString());
        assertEquals(0, views.code(), "the JVM starts from lib/jrec.aot after the tree moved: " + views.all());
        assertTrue(views.out().contains("CREATE OR REPLACE VIEW sched_switch"), views.all());

        Path capture = recordAndInspect(tmp, jrec);
        Run summary = Dist.run(tmp, NO_ENV, 60, jrec, "report", capture.toString(), "summary");
        assertEquals(0, summary.code(), summary.all());
        assertTrue(summary.out().matches("(?s)host\\s+" + java.util.regex.Pattern.quote(Dist.hostname()) + "\n.*"), summary.out());
    }

    @Test
    void workbenchStartsHeadlessFromTheFullEdition(@TempDir Path tmp) throws Exception {
        String jrec = fullEdition().resolve("bin/jrec").toString();
        Path cache = tmp.resolve("cache");
        Map<String, String> env = Map.of("JREC_JAVA_OPTS", Workbench.HEADLESS, "XDG_CACHE_HOME", cache.toString());
        Run help = Dist.run(tmp, env, 120, jrec, "open", "--help");
        assertEquals(0, help.code(), help.all());
        assertTrue(help.out().startsWith("usage: jrec open"), help.all());
        // after the first session, a training session on the shipped sample writes the user's AOT cache in the
        // background (not the install dir); the next session starts from it (AOTMode=on fails when one is not used)
        Path trained = null;
        for (long deadline = System.nanoTime() + 180_000_000_000L; trained == null && System.nanoTime() < deadline; Thread.sleep(500)) {
            try (Stream<Path> s = Files.list(cache.resolve("jrec"))) {
                trained = s.filter(p -> p.getFileName().toString().matches("workbench-[0-9a-f]{12}\\.aot")).findFirst().orElse(null);
            }
        }
        assertNotNull(trained, "the training session wrote the user's AOT cache");
        Run again = Dist.run(tmp, Map.of("JREC_JAVA_OPTS", Workbench.HEADLESS + " -XX:AOTMode=on", "XDG_CACHE_HOME", cache.toString()), 120,
                jrec, "open", "--help");
        assertEquals(0, again.code(), "the next session starts from it: " + again.all());
        Run noDisplay = Dist.run(tmp, Map.of(), 60, jrec, "open");
        assertEquals(2, noDisplay.code(), noDisplay.all());
        assertTrue(noDisplay.err().contains("no display"), noDisplay.all());

        Workbench.assertOpensCapture(tmp, Map.of("JREC_JAVA_OPTS", Workbench.HEADLESS + " " + Workbench.prefs(tmp), "XDG_CACHE_HOME", cache.toString()),
                jrec, "open");
    }

    static List<String> jars(Path home) throws Exception {
        try (Stream<Path> s = Files.walk(home.resolve("lib"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    /** What both editions carry besides their jars. */
    static void layout(Path home) throws Exception {
        for (String f : List.of("bin/jrec", "runtime/bin/java", "lib/jrec.aot", "lib/native/libbpf.so.1", "share/man/man1/jrec.1",
                "share/bash-completion/completions/jrec", "NOTICE", "README.txt", "licenses/libbpf.copyright", "licenses/Apache-2.0.txt",
                "runtime/legal/java.base/LICENSE")) {
            assertTrue(Files.exists(home.resolve(f)), f);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/jrec")));
        assertFalse(Files.exists(home.resolve("runtime/jmods")));
        String man = Files.readString(home.resolve("share/man/man1/jrec.1"));
        for (String c : List.of("jrec record", "jrec info", "jrec recover", "jrec symbolize", "jrec report", "jrec report runqlat", "EXIT STATUS")) {
            assertTrue(man.contains(".SS \"" + c.replace("-", "\\-") + "\"") || man.contains(".SH " + c), "man page: " + c);
        }
        assertTrue(man.contains("\\fB\\-\\-events\\fR=\\fISOURCES\\fR"), "record's options are listed");
        String completion = Files.readString(home.resolve("share/bash-completion/completions/jrec"));
        assertTrue(completion.contains("complete -F _complete_jrec") && completion.contains("--events"), "bash completion of the real command tree");
    }
}
