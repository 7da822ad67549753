package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrec record --events syscall} of a process with known I/O, then {@code jrec report filetop}: a file it
 * opened before the recording started (named through /proc/PID/fd), a file opened, written, read back and closed
 * while recording (named from its open), and a pipe (only with -a).
 */
class FiletopTest {
    @TempDir Path dir;

    static final String IO = """
            import os, sys
            before = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o600)
            print("ready", flush=True)
            sys.stdin.readline()
            for _ in range(3): os.write(before, b"b" * 100 * 1024)
            f = os.open(sys.argv[2], os.O_RDWR | os.O_CREAT, 0o600)
            for _ in range(16): os.write(f, b"w" * 4096)
            os.lseek(f, 0, 0)
            for _ in range(16): os.read(f, 4096)
            os.close(f)
            r, w = os.pipe()
            for _ in range(10): os.write(w, b"p" * 512)
            print(os.getpid(), flush=True)
            """;

    @Test
    void readsAndWritesAreCountedPerFileWithItsName() throws Exception {
        Path out = dir.resolve("files.parquet"), log = dir.resolve("record.log");
        Path before = dir.resolve("opened-before.dat"), during = dir.resolve("opened-during.dat");
        Process py = new ProcessBuilder("python3", "-c", IO, before.toString(), during.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader said = new BufferedReader(new InputStreamReader(py.getInputStream()));
        assertEquals("ready", said.readLine());
        Process rec = ChildRecorder.startAttached(log, "-d", "4s", "--events", "syscall", "-o", out.toString());
        py.getOutputStream().write('\n');
        py.getOutputStream().flush();
        String pid = said.readLine().trim();
        assertEquals(0, py.waitFor());
        ChildRecorder.finish(rec, log);

        ReportCommandTest.Run top = ReportCommandTest.jrec("report", out.toString(), "filetop", "-p", pid);
        assertEquals(0, top.code(), top.err());
        assertTrue(top.out().strip().startsWith("PID  COMM"), top.out());
        ReportCommandTest.Run all = ReportCommandTest.jrec("report", out.toString(), "filetop", "-p", pid, "-a");
        assertEquals(List.of("0", "3", "0", "300", "R"), row(top.out(), pid, before.toString()), "the file opened before: " + all.out());
        assertEquals(List.of("16", "16", "64", "64", "R"), row(top.out(), pid, during.toString()), "the file opened during: " + top.out());
        assertFalse(top.out().contains("pipe:"), "regular files only without -a: " + top.out());
        // a pipe made while recording is named from /proc when the encoder meets it, unnamed if its process is gone
        Matcher pipe = Pattern.compile("(?m)^ *" + pid + " +\\S+ +0 +10 +0 +5 +(P +pipe:\\[\\d+\\]|\\? +-)$").matcher(all.out());
        assertTrue(pipe.find(), "ten 512-byte writes to a pipe with -a: " + all.out());
        Matcher stdout = Pattern.compile("(?m)^ *" + pid + " +\\S+ +0 +\\d+ +0 +0 +P +pipe:\\[\\d+\\]$").matcher(all.out());
        assertTrue(stdout.find(), "its stdout, a pipe it had before the recording, named from the fd tables: " + all.out());
    }

    /** READS WRITES R_KB W_KB T of the row of pid and file. */
    private static List<String> row(String out, String pid, String file) {
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" +");
            if (f.length == 8 && f[0].equals(pid) && f[7].equals(file)) return List.of(f[2], f[3], f[4], f[5], f[6]);
        }
        return List.of();
    }
}
