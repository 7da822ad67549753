package dev.jrec.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.dist.Dist.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The workbench's jpackage app image starts with its own runtime, JavaFX on its module path, headless. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WorkbenchImageTest {
    @Test
    void appImageOpensACaptureHeadless(@TempDir Path tmp) throws Exception {
        Path image = Dist.appImage();
        Path launcher = image.resolve("bin/jrec-workbench");
        assertTrue(Files.isExecutable(launcher), launcher.toString());
        assertTrue(Files.exists(image.resolve("lib/runtime/lib/modules")), "the full edition's jlinked runtime");
        // jpackage's launcher takes no JVM options from its command line: JAVA_TOOL_OPTIONS reaches the JVM itself.
        Run help = Dist.run(tmp, Map.of("JAVA_TOOL_OPTIONS", Workbench.HEADLESS), 60, launcher.toString(), "--help");
        assertEquals(0, help.code(), help.all());
        assertTrue(help.out().startsWith("usage: jrec open"), help.all());
        Workbench.assertOpensCapture(tmp, Map.of("JAVA_TOOL_OPTIONS", Workbench.HEADLESS + " " + Workbench.prefs(tmp)), launcher.toString());
    }
}
