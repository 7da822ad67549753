package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** killsnoop on a real recording: sh sends SIGTERM to the sleep it started (once it has exec'd), and waits for it. */
class KillsnoopViewTest {
    @TempDir static Path dir;
    static String capture;
    static long sh;

    @BeforeAll
    static void record() throws Exception {
        Path out = dir.resolve("proc.parquet"), log = dir.resolve("record.log");
        Process p = ChildRecorder.startAttached(log, "-d", "3s", "--events", "proc", "-o", out.toString());
        Process w = new ProcessBuilder("sh", "-c", "sleep 10 & p=$!; echo $p; sleep 0.3; kill -TERM $p; wait $p; exit 0").start();
        sleepPid = Long.parseLong(new String(w.getInputStream().readAllBytes()).strip());
        w.waitFor();
        sh = w.pid();
        ChildRecorder.finish(p, log);
        capture = out.toString();
    }

    static long sleepPid;

    private static List<String> lines(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "report";
        args[1] = capture;
        args[2] = "killsnoop";
        System.arraycopy(options, 0, args, 3, options.length);
        return ReportCommandTest.lines(args);
    }

    @Test
    void theKillHasItsSenderSignalAndTarget() {
        List<String> out = lines();
        assertEquals("TIME(s) PID COMM SIG TPID TCOMM RESULT", out.getFirst());
        List<String> term = out.stream().filter(l -> l.endsWith(sh + " sh TERM " + sleepPid + " sleep delivered")).toList();
        assertEquals(1, term.size(), String.join("\n", out));
        assertTrue(out.stream().noneMatch(l -> l.contains(" CHLD ")), "SIGCHLD only when asked");
    }

    @Test
    void sigchldAndOneSignalOnRequest() {
        assertTrue(lines("--sigchld").stream().anyMatch(l -> l.endsWith(sleepPid + " sleep CHLD " + sh + " sh delivered")),
                "the sleep's exit signalled sh");
        List<String> kill = lines("-s", "SIGKILL");
        assertEquals(1, kill.size(), "no SIGKILL: the header only: " + kill);
        assertTrue(lines("-s", "15").stream().anyMatch(l -> l.contains(" TERM ")));
        ReportCommandTest.Run bad = ReportCommandTest.jrec("report", capture, "killsnoop", "-s", "NOPE");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("'NOPE' is not a signal"), bad.err());
    }
}
