package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrec record --events syscall} of a process that stats 20 missing paths and uses a System V shared memory
 * segment, then {@code jrec report statsnoop} and {@code shmsnoop}.
 */
class SyscallSnoopsTest {
    @TempDir Path dir;

    @Test
    void eachMissedStatIsListedWithItsPathAndErrno() throws Exception {
        Path out = dir.resolve("stat.parquet"), log = dir.resolve("record.log");
        Process rec = ChildRecorder.startAttached(log, "-d", "4s", "--events", "syscall", "--syscalls", "stat,lstat,newfstatat,statx,shmget,shmat,shmdt,shmctl",
                "-o", out.toString());
        Process py = new ProcessBuilder("python3", "-c", """
                import os
                for i in range(20):
                    try: os.stat('/nonexistent-jrec/%d' % i)
                    except FileNotFoundError: pass
                import ctypes
                libc = ctypes.CDLL(None, use_errno=True)
                libc.shmat.restype = ctypes.c_void_p
                shm = libc.shmget(0, 4096, 0o1600)
                addr = libc.shmat(shm, None, 0)
                libc.shmdt(ctypes.c_void_p(addr))
                libc.shmctl(shm, 0, None)
                print(os.getpid(), shm, hex(addr))""").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] said = new String(py.getInputStream().readAllBytes()).trim().split(" ");
        String pid = said[0];
        assertEquals(0, py.waitFor());
        ChildRecorder.finish(rec, log);

        ReportCommandTest.Run r = ReportCommandTest.jrec("report", out.toString(), "statsnoop", "-p", pid);
        assertEquals(0, r.code(), r.err());
        List<String> missing = r.out().lines().filter(l -> l.contains("/nonexistent-jrec/")).toList();
        assertTrue(r.out().strip().startsWith("TIME(s)"), r.out());
        assertEquals(20, missing.size(), r.out());
        for (int i = 0; i < 20; i++) {
            String[] f = missing.get(i).trim().split(" +");
            assertEquals(List.of(pid, "-1", "2", "/nonexistent-jrec/" + i), List.of(f[1], f[3], f[4], f[6]), missing.get(i));
        }

        ReportCommandTest.Run shm = ReportCommandTest.jrec("report", out.toString(), "shmsnoop", "-p", pid);
        assertEquals(0, shm.code(), shm.err());
        List<List<String>> calls = shm.out().lines().skip(1).map(l -> List.of(l.trim().split(" +")).subList(4, 7)).toList();
        assertEquals(List.of(List.of("shmget", said[1], "0"), List.of("shmat", said[2], "0"), List.of("shmdt", "0", "0"),
                List.of("shmctl", "0", "0")), calls, shm.out());
    }
}
