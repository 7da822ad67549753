package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container attribution on a real recording: two busy loops share CPU 0 in a cgroup v2 named as docker names its
 * containers' (docker-ID.scope), and runqlat --per-cgroup gives them a histogram of their own, labelled with the
 * container's short id, holding exactly their switches-in.
 */
class PerCgroupTest {
    static final String ID = "4f3c2a1b9d8e" + "0123456789abcdef".repeat(3) + "0123";

    /** 2,000 getppid calls, and 100,000 bytes over loopback from one socket of its own to another. */
    static final String PYTHON = """
            import os, socket, time
            for _ in range(2000): os.getppid()
            srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
            c = socket.create_connection(srv.getsockname()); a, _ = srv.accept()
            c.sendall(b"x" * 100000)
            got = 0
            while got < 100000: got += len(a.recv(65536))
            c.close(); a.close()
            time.sleep(1)""";

    @TempDir Path dir;
    Path log;

    @Test
    void aContainersTasksGetAHistogramOfTheirOwn() throws Exception {
        Path root = Files.isDirectory(Path.of("/sys/fs/cgroup/unified")) ? Path.of("/sys/fs/cgroup/unified") : Path.of("/sys/fs/cgroup");
        Assumptions.assumeTrue(Files.exists(root.resolve("cgroup.procs")) && Files.exists(root.resolve("cgroup.controllers")), "no cgroup v2");
        Path slice = root.resolve("jrec-test-" + ProcessHandle.current().pid() + ".slice"), scope = slice.resolve("docker-" + ID + ".scope");
        Files.createDirectories(scope);
        Path out = dir.resolve("cg.parquet");
        log = dir.resolve("record.log");
        try {
            Process rec = ChildRecorder.startAttached(log, "-d", "2s", "--events", "sched,proc,syscall,net", "-o", out.toString());
            Process loops = new ProcessBuilder("sh", "-c", "echo $$ > " + scope.resolve("cgroup.procs") + "; for i in $(seq 30); do /bin/true; done"
                    + "; taskset -c 0 timeout 1.5 sh -c 'while :; do :; done' & taskset -c 0 timeout 1.5 sh -c 'while :; do :; done' &"
                    + " python3 -c '" + PYTHON + "'; wait")
                    .start(); // on one CPU, so that they take turns and wait for it: hundreds of switches-in
            loops.waitFor();
            ChildRecorder.finish(rec, log);
        } finally {
            Files.deleteIfExists(scope);
            Files.deleteIfExists(slice);
        }
        ReportCommandTest.Run r = ReportCommandTest.jrec("report", out.toString(), "runqlat", "--per-cgroup", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        String cgroup = "/" + slice.getFileName() + "/docker-" + ID + ".scope";
        long inGroup = r.out().lines().filter(l -> l.startsWith(cgroup + ",container 4f3c2a1b9d8e,")).count();
        assertTrue(inGroup > 0, "a histogram labelled with the container: " + r.out() + Files.readString(log) + ReportCommandTest.jrec("info", out.toString()).out());
        long count = r.out().lines().filter(l -> l.startsWith(cgroup + ",")).mapToLong(l -> Long.parseLong(l.split(",")[4])).sum();
        ReportCommandTest.Run q = ReportCommandTest.jrec("query", out.toString(), "SELECT count(*) FROM sched_switch s JOIN thread t ON t.tid = s.next_tid"
                + " WHERE t.container_id = '" + ID + "' AND s.next_runq_ns IS NOT NULL", "--format", "csv");
        assertEquals(0, q.code(), q.err());
        assertEquals(Long.parseLong(q.out().lines().skip(1).findFirst().orElseThrow().strip()), count, "its switches-in, all of them");
        assertTrue(count > 10, "the loops ran and waited: " + count);
        ReportCommandTest.Run text = ReportCommandTest.jrec("report", out.toString(), "runqlat", "--per-cgroup");
        assertTrue(text.out().contains("cgroup = " + cgroup + " container 4f3c2a1b9d8e"), text.out());
        // syscount --per-cgroup: the container's calls (python's 2,000 getppid among them), as the thread table places them. The
        // process lives on a second after its calls: the table learns a thread's cgroup from /proc when it meets the thread.
        ReportCommandTest.Run sc = ReportCommandTest.jrec("report", out.toString(), "syscount", "--per-cgroup", "-T", "50", "--format", "csv");
        assertEquals(0, sc.code(), sc.err());
        String row = sc.out().lines().filter(l -> l.startsWith(cgroup + ",container 4f3c2a1b9d8e,")).findFirst().orElseThrow(() -> new AssertionError(sc.out()));
        ReportCommandTest.Run calls = ReportCommandTest.jrec("query", out.toString(), "SELECT count(*) FROM syscall s JOIN thread t ON t.tid = s.tid"
                + " WHERE t.container_id = '" + ID + "'", "--format", "csv");
        long containerCalls = Long.parseLong(calls.out().lines().skip(1).findFirst().orElseThrow().strip());
        assertEquals(containerCalls, Long.parseLong(row.split(",")[3]), "the container's calls: " + row);
        assertTrue(containerCalls >= 2000, "python's getppid calls at least: " + row);
        // 30 runs of /bin/true, each gone long before the table could read its /proc: their exec and fork records name the cgroup
        ReportCommandTest.Run trues = ReportCommandTest.jrec("query", out.toString(), "SELECT count(DISTINCT tid), count(DISTINCT tid) FILTER"
                + " (WHERE container_id = '" + ID + "') FROM thread WHERE comm = 'true'", "--format", "csv");
        String[] tc = trues.out().lines().skip(1).findFirst().orElseThrow().strip().split(",");
        assertTrue(Long.parseLong(tc[0]) >= 30, "the 30 runs of true are in the thread table: " + trues.out());
        assertEquals(tc[0], tc[1], "every one of them in the container: " + trues.out());
        // nettop --per-cgroup: the container's 100,000 bytes each way (97 KiB), over one connection, by one process
        ReportCommandTest.Run net = ReportCommandTest.jrec("report", out.toString(), "nettop", "--per-cgroup", "-i", "0", "--format", "csv");
        assertEquals(0, net.code(), net.err());
        assertTrue(net.out().lines().anyMatch(l -> l.equals("0.000," + cgroup + ",container 4f3c2a1b9d8e,1,2,97,97")), net.out());
        ReportCommandTest.Run both = ReportCommandTest.jrec("report", out.toString(), "runqlat", "--per-cgroup", "-P");
        assertEquals(ExitCodes.USAGE, both.code());
        // the usage error's line, after any note on how the capture was recorded (a lost event or two, with syscall on)
        assertTrue(List.of(both.err().split("\n")).contains("jrec: choose one of --per-process, --per-cpu and --per-cgroup"), both.err());
    }
}
