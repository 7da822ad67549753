package dev.jrec.bpf.libbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which libbpf.so.1 a JVM binds: a release's bundled copy first, else the system's (each case in its own JVM). */
class LibbpfLibraryTest {
    @TempDir Path dir;

    /** Child JVM entry: prints where libbpf came from, or the one-line failure. */
    public static void main(String[] args) {
        String failure = LibbpfLibrary.check();
        System.out.println(failure != null ? "failed: " + failure : "loaded: " + LibbpfLibrary.loadedFrom());
    }

    private static String childWith(String property) throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-D" + LibbpfLibrary.PROPERTY + "=" + property, "-cp", System.getProperty("java.class.path"), LibbpfLibraryTest.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        // the last line: a failed dlopen may make the JVM warn about stack guards first
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    private static Path systemLibbpf() {
        for (String d : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib")) {
            Path p = Path.of(d, "libbpf.so.1");
            if (Files.exists(p)) return p;
        }
        return null;
    }

    @Test
    void theBundledCopyComesFirst() throws Exception {
        Path system = systemLibbpf();
        Assumptions.assumeTrue(system != null, "no libbpf.so.1 on this host to play the bundled copy");
        Path bundled = Files.copy(system.toRealPath(), dir.resolve("libbpf.so.1"));
        assertEquals("loaded: " + bundled, childWith(bundled.toString()));
    }

    @Test
    void aBundledCopyThatCannotLoadFallsBackToTheSystems() throws Exception {
        Assumptions.assumeTrue(systemLibbpf() != null, "no system libbpf.so.1 to fall back to");
        Path notElf = Files.writeString(dir.resolve("libbpf.so.1"), "not a library");
        assertEquals("loaded: libbpf.so.1 (the system's)", childWith(notElf.toString()));
        assertTrue(childWith(dir.resolve("missing.so").toString()).startsWith("loaded: libbpf.so.1 (the system's)"));
    }
}
