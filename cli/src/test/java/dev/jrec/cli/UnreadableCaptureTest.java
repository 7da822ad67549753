package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A capture another user may not read (jrec writes them 0600): every reading command says "permission denied",
 * whose file or directory it is and what to do, with exit 3 — not exit 1 with the bare path. Issue 11, item 10.
 */
class UnreadableCaptureTest {
    private static final List<List<String>> READERS = List.of(
            List.of("info", "CAPTURE"),
            List.of("views", "CAPTURE"),
            List.of("report", "CAPTURE", "summary"),
            List.of("export", "CAPTURE", "--as", "folded"),
            List.of("query", "CAPTURE", "SELECT count(*) FROM capture_rows"));

    @Test
    void anotherUsersCaptureIsPermissionDeniedWithWhatToDo() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jrec-unreadable");
        try (AsNobody nobody = new AsNobody()) {
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            Path file = Files.copy(Path.of("../sample-captures/cpu-contention.parquet"), dir.resolve("root-only.parquet"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Path closed = Files.createDirectory(dir.resolve("closed"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path inside = Files.copy(Path.of("../sample-captures/cpu-contention.parquet"), closed.resolve("readable.parquet"));
            Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("rw-r--r--"));

            for (List<String> reader : READERS) {
                AsNobody.Run r = nobody.jrec(args(reader, file));
                assertEquals(ExitCodes.BAD_INPUT, r.code(), reader + ": " + r.said());
                assertEquals("jrec: " + file + ": permission denied: user nobody may not read it (owner root, mode rw-------);"
                        + " run jrec as its owner (or with sudo), or have the owner grant read access", r.said().strip(), reader.toString());
            }
            AsNobody.Run r = nobody.jrec("info", inside.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.said());
            assertEquals("jrec: " + inside + ": permission denied: user nobody may not enter directory " + closed
                    + " (owner root, mode rwx------); run jrec as its owner (or with sudo), or have the owner grant read access", r.said().strip());
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private static String[] args(List<String> reader, Path capture) {
        List<String> a = new ArrayList<>();
        for (String s : reader) a.add(s.equals("CAPTURE") ? capture.toString() : s);
        return a.toArray(String[]::new);
    }
}
