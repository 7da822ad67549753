package dev.jrec.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.dist.Dist.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The .deb installs, records with /usr/bin/jrec and removes cleanly. It changes the host, so it runs only as root. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DebPackageTest {
    /** dpkg wants ldconfig and start-stop-daemon on its PATH. */
    private static final Map<String, String> DPKG = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    @Test
    void installRecordInspectRemove(@TempDir Path tmp) throws Exception {
        Path deb = Dist.deb();
        Assumptions.assumeTrue(Dist.root(), "installing a .deb needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "no dpkg: not a Debian-based host");
        Run status = Dist.run(tmp, Map.of(), 60, "dpkg-query", "-W", "-f", "${Status}", "jrec");
        Assumptions.assumeFalse(status.code() == 0 && status.out().contains("installed") && !status.out().contains("not-installed"),
                "a jrec package is already installed (" + status.out() + "); this test installs and removes its own only");
        Assumptions.assumeFalse(Files.exists(Path.of("/usr/bin/jrec")), "/usr/bin/jrec exists and is not this test's");

        Run info = Dist.run(tmp, Map.of(), 60, "dpkg-deb", "-f", deb.toString(), "Package", "Version", "Architecture", "Depends");
        assertEquals(0, info.code(), info.all());
        assertTrue(info.out().contains("Version: " + Dist.VERSION.replace('-', '~')), info.out());
        assertTrue(info.out().contains("Depends: libc6 (>= 2.28), libelf1, zlib1g"), info.out());
        Run install = Dist.run(tmp, DPKG, 120, "dpkg", "-i", deb.toString());
        try {
            assertEquals(0, install.code(), install.all());
            assertEquals("../lib/jrec/bin/jrec", Files.readSymbolicLink(Path.of("/usr/bin/jrec")).toString());
            for (String f : new String[] {"/usr/lib/jrec/lib/jrec.aot", "/usr/lib/jrec/runtime/bin/java", "/usr/lib/jrec/lib/native/libbpf.so.1",
                    "/usr/share/man/man1/jrec.1.gz", "/usr/share/bash-completion/completions/jrec", "/usr/share/doc/jrec/copyright",
                    "/usr/lib/systemd/system/jrec.service"}) {
                assertTrue(Files.exists(Path.of(f)), f);
                assertEquals("root", Files.getOwner(Path.of(f)).getName(), f);
            }
            Path capture = tmp.resolve("x.parquet");
            long shell = Dist.recordWithWorkload(tmp, Map.of(), capture, "/usr/bin/jrec");
            Dist.assertCaptureHoldsWorkload(capture, shell);
            Run jrecInfo = Dist.run(tmp, Map.of("JREC_JAVA_OPTS", "-XX:AOTMode=on"), 60, "/usr/bin/jrec", "info", capture.toString());
            assertEquals(0, jrecInfo.code(), "info, and the AOT cache applies under /usr/lib/jrec: " + jrecInfo.all());
            assertTrue(jrecInfo.out().matches("(?s).*proc_exec\\s+[\\d,]+.*"), jrecInfo.out());
        } finally {
            Run remove = Dist.run(tmp, DPKG, 120, "dpkg", "-r", "jrec");
            assertEquals(0, remove.code(), remove.all());
        }
        assertFalse(Files.exists(Path.of("/usr/bin/jrec"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "dpkg -r removed /usr/bin/jrec");
        assertFalse(Files.exists(Path.of("/usr/lib/jrec")), "and /usr/lib/jrec");
    }
}
