package dev.jrec.dist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Starting the workbench with no display: JavaFX's headless glass platform, as analyzer-gui's tests run it. */
final class Workbench {
    private Workbench() {}

    static final String HEADLESS = "-Dglass.platform=Headless -Dprism.order=sw";

    /** The user's preferences in the test's directory, written to disk every second instead of every 30. */
    static String prefs(Path dir) {
        return "-Djava.util.prefs.userRoot=" + dir.resolve("prefs") + " -Djava.util.prefs.syncInterval=1";
    }

    /**
     * Starts {@code cmd CAPTURE} and waits until the workbench has opened the capture: it then lists it first among
     * the recent captures in the user's preferences. Stops it with SIGTERM.
     */
    static void assertOpensCapture(Path dir, Map<String, String> env, String... cmd) throws Exception {
        Path capture = Dist.REPO.resolve("sample-captures/lock-contention.parquet");
        List<String> c = new ArrayList<>(List.of(cmd));
        c.add(capture.toString());
        Process p = Dist.startLogged(dir, env, c.toArray(String[]::new));
        p.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try {
            while (!opened(dir.resolve("prefs"), capture)) {
                if (!p.isAlive()) fail("the workbench exited (" + p.exitValue() + "): " + log(dir, p));
                if (System.nanoTime() > deadline) fail("the workbench did not open the capture within 90 s: " + log(dir, p));
                Thread.sleep(200);
            }
            assertTrue(p.isAlive(), "the workbench runs");
            // what it printed while it ran (its exit on SIGTERM races JavaFX's own headless event loop)
            String log = log(dir, p);
            assertFalse(log.contains("Exception"), log);
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private static boolean opened(Path prefs, Path capture) throws Exception {
        if (!Files.isDirectory(prefs)) return false;
        try (Stream<Path> s = Files.walk(prefs)) {
            for (Path f : s.filter(x -> x.getFileName().toString().equals("prefs.xml")).toList()) {
                if (Files.readString(f).contains("key=\"recent.0\" value=\"" + capture + "\"")) return true;
            }
        }
        return false;
    }

    private static String log(Path dir, Process p) throws Exception {
        return Files.readString(dir.resolve(".stdout")) + Files.readString(dir.resolve(".stderr"));
    }
}
