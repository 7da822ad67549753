package dev.jrec.bpf;

import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.ProcExec;
import dev.jrec.bpf.events.Event.ProcExit;
import dev.jrec.bpf.events.Event.ProcFork;
import dev.jrec.bpf.events.EventFlags;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcTest {
    static final int N = 20;

    @Test
    void childShellExecsTrueNTimes() {
        long[] shPid = new long[1];
        List<Event> events;
        long[] drops;
        try (BpfObject obj = BpfObject.open("proc")) {
            events = Capture.during(obj, () -> shPid[0] = run("i=0; while [ $i -lt " + N
                    + " ]; do /bin/true a1 'a 2'; i=$((i+1)); done; /bin/false; exit 3"));
            drops = obj.drops();
        }
        int sh = (int) shPid[0];
        List<ProcExec> trues = Capture.only(events, ProcExec.class).stream()
                .filter(e -> e.ppid() == sh && e.filename().equals("/bin/true")).toList();
        List<ProcFork> forks = Capture.only(events, ProcFork.class).stream().filter(f -> f.hdr().pid() == sh).toList();
        List<ProcExit> exits = Capture.only(events, ProcExit.class).stream()
                .filter(x -> x.ppid() == sh || x.hdr().pid() == sh).toList();
        System.out.printf("proc: %d records, %d execs of /bin/true by sh %d, %d forks, %d exits, drops %s%n",
                events.size(), trues.size(), sh, forks.size(), exits.size(), java.util.Arrays.toString(drops));

        assertEquals(N, trues.size(), "exec events of /bin/true with parent sh");
        for (ProcExec e : trues) {
            assertEquals(List.of("/bin/true", "a1", "a 2"), e.argv());
            assertEquals("true", e.hdr().comm());
            assertEquals(e.hdr().pid(), e.hdr().tid());
        }
        assertTrue(Capture.only(events, ProcExec.class).stream()
                .anyMatch(e -> e.hdr().pid() == sh && e.ppid() == Sys.pid() && e.filename().equals("/bin/sh")),
                "sh's own exec, child of this JVM");
        // one fork per /bin/true and one for /bin/false
        assertEquals(N + 1, forks.size(), "forks by sh");
        assertEquals(trues.stream().map(e -> e.hdr().pid()).sorted().toList(),
                forks.stream().limit(N).map(ProcFork::childPid).sorted().toList(), "forked children are the execs");
        assertEquals(N, exits.stream().filter(x -> x.hdr().comm().equals("true") && x.exitCode() == 0).count());
        assertEquals(1, exits.stream().filter(x -> x.hdr().comm().equals("false") && x.exitCode() == 1 << 8).count());
        ProcExit shExit = exits.stream().filter(x -> x.hdr().pid() == sh).findFirst().orElseThrow();
        assertEquals(3 << 8, shExit.exitCode());
        assertEquals(Sys.pid(), shExit.ppid());
        assertTrue((shExit.hdr().flags() & EventFlags.GROUP_LEADER) != 0);
        assertArrayEquals(new long[Drop.SLOTS], drops, "drops");
    }

    @Test
    void longArgvIsTruncatedAndFlagged() {
        String big = "x".repeat(700);
        List<Event> events;
        long[] pid = new long[1];
        try (BpfObject obj = BpfObject.open("proc")) {
            events = Capture.during(obj, () -> pid[0] = run("/bin/true " + big));
        }
        ProcExec e = Capture.only(events, ProcExec.class).stream()
                .filter(x -> x.ppid() == pid[0] && x.filename().equals("/bin/true")).findFirst().orElseThrow();
        assertTrue((e.hdr().flags() & EventFlags.TRUNCATED) != 0);
        assertEquals("/bin/true\0".length() + big.length() + 1, e.argsSize());
        assertEquals(List.of("/bin/true", "x".repeat(512 - "/bin/true\0".length())), e.argv());
    }

    /**
     * A real OOM kill: python3 allocating 200 MiB in a memory cgroup of 32 MiB (v1's memory controller, or
     * v2's memory.max), which the kernel's OOM killer ends with SIGKILL.
     */
    static final String OOM = "if [ -d /sys/fs/cgroup/memory ]; then d=/sys/fs/cgroup/memory/jrec-oom-$$; mkdir $d"
            + " && echo 33554432 > $d/memory.limit_in_bytes; else d=/sys/fs/cgroup/jrec-oom-$$; mkdir $d"
            + " && echo 33554432 > $d/memory.max && echo 0 > $d/memory.swap.max; fi || exit 99;"
            + " sh -c \"echo \\$\\$ > $d/cgroup.procs && exec python3 -c 'x = bytearray(200 << 20)'\"; rc=$?; rmdir $d; exit $rc";

    @Test
    void anOomKillNamesItsVictim() {
        List<Event> events;
        try (BpfObject obj = BpfObject.open("proc")) {
            events = Capture.during(obj, () -> run(OOM));
        }
        List<Event.OomKill> kills = Capture.only(events, Event.OomKill.class);
        System.out.println("oom kills: " + kills);
        Event.OomKill k = kills.stream().filter(x -> x.hdr().comm().equals("python3")).findFirst().orElseThrow(() -> new AssertionError("no oom_kill of python3 in " + kills));
        assertEquals(k.hdr().pid(), k.hdr().tid());
        assertTrue(k.anonRssKb() > 16 << 10 && k.anonRssKb() <= 33 << 10, "anon rss near the 32 MiB limit: " + k.anonRssKb() + " kB");
        assertTrue(k.totalVmKb() >= 200 << 10, "total_vm holds the 200 MiB asked: " + k.totalVmKb() + " kB");
        assertEquals(0, k.oomScoreAdj());
        ProcExit exit = Capture.only(events, ProcExit.class).stream().filter(x -> x.hdr().tid() == k.hdr().tid()).findFirst().orElseThrow();
        assertEquals(9, exit.exitCode() & 0x7f, "the victim died of SIGKILL");
        assertTrue(exit.hdr().ts() > k.hdr().ts(), "marked before it exited");
    }

    /** Runs script with /bin/sh as a child of this JVM; returns sh's pid. */
    static long run(String script) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", script).inheritIO().start();
            p.waitFor();
            return p.pid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
