package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FdNames over a made-up /proc: what the start-time tables, the opens and closes seen, and /proc say, in that order. */
class FdNamesTest {
    @TempDir Path proc;

    private void fd(int pid, int fd, String target) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(pid + "/fd"));
        Files.deleteIfExists(dir.resolve(Integer.toString(fd)));
        Files.createSymbolicLink(dir.resolve(Integer.toString(fd)), Path.of(target));
    }

    @Test
    void anFdOpenedBeforeTheRecordingIsNamedFromTheTablesAtStartEvenOnceItsProcessIsGone() throws Exception {
        fd(100, 3, "/var/log/app.log");
        FdNames n = new FdNames(proc);
        n.snapshot().join();
        Files.delete(proc.resolve("100/fd/3")); // the process exited before its rows were encoded
        assertEquals("/var/log/app.log", n.name(100, 3));
        assertNull(n.name(100, 4), "never open, and /proc cannot say");
    }

    @Test
    void opensAndClosesSeenOverrideTheTablesAtStart() throws Exception {
        fd(100, 3, "/old");
        FdNames n = new FdNames(proc);
        n.snapshot();
        n.returned(100, "close", 0, 3, null);
        fd(100, 3, "pipe:[42]");
        assertEquals("pipe:[42]", n.name(100, 3), "closed: asked of /proc again");
        n.returned(100, "openat", 3, -1, "/data/new");
        assertEquals("/data/new", n.name(100, 3), "an absolute open names its fd");
        n.returned(100, "openat", 3, -1, "relative.txt");
        fd(100, 3, "/home/u/relative.txt");
        assertEquals("/home/u/relative.txt", n.name(100, 3), "a relative open: /proc gives the absolute path");
        n.returned(100, "dup2", 3, -1, null);
        fd(100, 3, "socket:[7]");
        assertEquals("socket:[7]", n.name(100, 3), "dup2 over it: the new file");
        n.returned(100, "execve", 0, -1, "/bin/true");
        fd(100, 3, "/after-exec");
        assertEquals("/after-exec", n.name(100, 3), "an exec forgets what was learned and the table at start");
    }
}
