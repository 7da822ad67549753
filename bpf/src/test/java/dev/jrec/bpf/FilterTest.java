package dev.jrec.bpf;

import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.ProcExec;
import dev.jrec.bpf.events.Event.ProcExit;
import dev.jrec.bpf.events.Event.ProcFork;
import dev.jrec.bpf.events.Event.SchedSwitch;
import dev.jrec.bpf.events.Event.SchedWakeup;
import dev.jrec.bpf.events.Event.Syscall;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The -p (several pids), --comm and --cgroup filters, on child processes
 * that wait on stdin until the probes are attached and then sleep and make
 * syscalls without forking (bash's read -t), so each is one tgid.
 */
class FilterTest {
    static final int ROUNDS = 40;
    /** Sleeps ROUNDS times for 5 ms in select (no fork: builtins only), then exits. */
    static final String SLEEPER = "read go; for ((i = 0; i < " + ROUNDS + "; i++)); do read -t 0.005 x; done; exit 0";

    private final List<Process> children = new ArrayList<>();
    private Path cgroup;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (cgroup != null) {
            // rmdir fails with EBUSY while a (not yet reaped) member remains
            for (int i = 0; ; i++) {
                try {
                    Files.delete(cgroup);
                    break;
                } catch (IOException e) {
                    if (i == 50) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** A bash child that runs script after reading a line; its stdin stays open until it exits. */
    Process spawn(String script) {
        return spawnAs("bash", script);
    }

    /** spawn, with bash run as shell (a path to it or a link to it, whose name becomes the comm). */
    Process spawnAs(String shell, String script) {
        try {
            Process p = new ProcessBuilder(shell, "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            children.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the children go and waits for them to exit. */
    static void release(Process... ps) {
        try {
            for (Process p : ps) {
                OutputStream in = p.getOutputStream();
                in.write('\n');
                in.flush();
            }
            for (Process p : ps) {
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child " + p.pid() + " did not finish");
                assertEquals(0, p.exitValue(), "child " + p.pid() + " exit status");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int pid(Process p) {
        return (int) p.pid();
    }

    @Test
    void syscallsOfUntargetedProcessAreLeftOut() {
        Process a = spawn(SLEEPER), b = spawn(SLEEPER), c = spawn(SLEEPER);
        List<Event> events;
        try (BpfObject obj = BpfObject.open("syscalls").targetPids(pid(a), pid(b))) {
            events = Capture.during(obj, () -> release(a, b, c));
        }
        long ofA = countPid(events, pid(a)), ofB = countPid(events, pid(b)), ofC = countPid(events, pid(c));
        System.out.printf("pid filter, syscalls: %d records, %d of a, %d of b, %d of c%n", events.size(), ofA, ofB, ofC);
        assertTrue(ofA >= ROUNDS && ofB >= ROUNDS, "syscalls of the targets: " + ofA + ", " + ofB);
        assertEquals(events.size(), ofA + ofB, "records of processes outside -p");
    }

    @Test
    void schedEventsOfUntargetedProcessAreLeftOut() {
        Process a = spawn(SLEEPER), b = spawn(SLEEPER), c = spawn(SLEEPER);
        Set<Integer> targets = Set.of(pid(a), pid(b));
        List<Event> events;
        try (BpfObject obj = BpfObject.open("sched").targetPids(pid(a), pid(b))) {
            events = Capture.during(obj, () -> release(a, b, c));
        }
        List<SchedSwitch> switches = Capture.only(events, SchedSwitch.class);
        List<SchedWakeup> wakeups = Capture.only(events, SchedWakeup.class);
        System.out.printf("pid filter, sched: %d switches, %d wakeups/migrations%n", switches.size(), wakeups.size());
        for (int t : targets) {
            assertTrue(switches.stream().filter(s -> s.hdr().pid() == t).count() >= ROUNDS, "switches out of " + t);
            assertTrue(switches.stream().filter(s -> s.nextPid() == t).count() >= ROUNDS * 3 / 4, "switches into " + t);
            assertTrue(wakeups.stream().filter(w -> w.targetPid() == t && w.hdr().kind() == EventKind.SCHED_WAKEUP)
                    .count() >= ROUNDS * 3 / 4, "wakeups of " + t);
        }
        assertTrue(switches.stream().allMatch(s -> targets.contains(s.hdr().pid()) || targets.contains(s.nextPid())),
                "a switch with neither side targeted");
        assertTrue(wakeups.stream().allMatch(w -> targets.contains(w.targetPid())), "a wakeup of an untargeted task");
    }

    @Test
    void addedPidIsRecordedFromThen() {
        Process a = spawn(SLEEPER), b = spawn(SLEEPER);
        List<Event> events;
        try (BpfObject obj = BpfObject.open("syscalls").targetPids(pid(a))) {
            obj.load(BpfObject.Flavor.AUTO);
            obj.addTargetPids(pid(b));
            assertEquals(Set.of(pid(a), pid(b)), obj.pidsTargeted());
            events = Capture.during(obj, () -> release(a, b));
        }
        assertTrue(countPid(events, pid(b)) >= ROUNDS, "syscalls of the added pid");
        assertEquals(events.size(), countPid(events, pid(a)) + countPid(events, pid(b)));
    }

    @Test
    void commFilterKeepsOnlyThatName(@TempDir Path dir) throws IOException {
        // the comm is the name of the file exec'd: one bash, two names
        Path bash = Path.of("/bin/bash").toRealPath();
        Path linkA = Files.createSymbolicLink(dir.resolve("jrec-filter-a"), bash);
        Path linkC = Files.createSymbolicLink(dir.resolve("jrec-filter-c"), bash);
        Process a = spawnAs(linkA.toString(), SLEEPER), c = spawnAs(linkC.toString(), SLEEPER);
        Files.delete(linkA); // exec'd already; @TempDir would warn about links out of it
        Files.delete(linkC);
        List<Event> events;
        try (BpfObject obj = BpfObject.open("syscalls").targetComm("jrec-filter-a")) {
            events = Capture.during(obj, () -> release(a, c));
        }
        assertTrue(countPid(events, pid(a)) >= ROUNDS, "syscalls of the named process");
        assertTrue(events.stream().allMatch(e -> e.hdr().comm().equals("jrec-filter-a")), "another comm");
    }

    static long countPid(List<Event> events, int pid) {
        return events.stream().filter(e -> e.hdr().pid() == pid).count();
    }

    // --- cgroup v2 ---

    /** The cgroup2 mount (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems), or null. */
    static Path cgroup2Mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].equals("cgroup2")) {
                return Path.of(f[1]);
            }
        }
        return null;
    }

    /** A fresh cgroup under the cgroup2 mount holding p; removed after the test. */
    Path cgroupWith(Process p) throws IOException {
        Path mount = cgroup2Mount();
        assumeTrue(mount != null, "no cgroup2 mount");
        cgroup = Files.createDirectory(mount.resolve("jrec-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(p.pid()));
        return cgroup;
    }

    @Test
    void cgroupFilterKeepsOnlyItsSyscalls() throws IOException {
        Process in = spawn(SLEEPER), out = spawn(SLEEPER);
        Path cg = cgroupWith(in);
        List<Event> events;
        try (BpfObject obj = BpfObject.open("syscalls").targetCgroup(cg)) {
            events = Capture.during(obj, () -> release(in, out));
        }
        long ofIn = countPid(events, pid(in));
        System.out.printf("cgroup filter, syscalls: %d records, %d of the member%n", events.size(), ofIn);
        assertTrue(ofIn >= ROUNDS, "syscalls of the member: " + ofIn);
        assertEquals(events.size(), ofIn, "records of processes outside the cgroup");
    }

    @Test
    void cgroupFilterKeepsOnlyItsSchedEvents() throws IOException {
        Process in = spawn(SLEEPER), out = spawn(SLEEPER);
        Path cg = cgroupWith(in);
        int member = pid(in);
        List<Event> events;
        try (BpfObject obj = BpfObject.open("sched").targetCgroup(cg)) {
            events = Capture.during(obj, () -> release(in, out));
        }
        List<SchedSwitch> switches = Capture.only(events, SchedSwitch.class);
        List<SchedWakeup> wakeups = Capture.only(events, SchedWakeup.class);
        long outs = switches.stream().filter(s -> s.hdr().pid() == member).count();
        long ins = switches.stream().filter(s -> s.nextPid() == member).count();
        long waited = switches.stream().filter(s -> s.nextPid() == member && s.nextRqWaitNs() > 0).count();
        long woken = wakeups.stream().filter(w -> w.targetPid() == member).count();
        System.out.printf("cgroup filter, sched: %d switches out of the member, %d into it (%d with rq wait),"
                + " %d wakeups of it, %d records in all%n", outs, ins, waited, woken, events.size());
        // the member is known from its first switch-out on: then each of its
        // ROUNDS sleeps is a switch out, a wakeup and a switch in (margin for a
        // timer that fires before the task is switched out)
        assertTrue(outs >= ROUNDS, "switches out of the member: " + outs);
        assertTrue(ins >= ROUNDS * 3 / 4, "switches into the member: " + ins);
        assertTrue(woken >= ROUNDS * 3 / 4, "wakeups of the member: " + woken);
        assertTrue(waited >= ROUNDS * 3 / 4, "switches in with a run-queue wait: " + waited);
        assertTrue(switches.stream().allMatch(s -> s.hdr().pid() == member || s.nextPid() == member),
                "a switch with neither side in the cgroup");
        assertTrue(wakeups.stream().allMatch(w -> w.targetPid() == member), "a wakeup of a task outside the cgroup");
    }

    @Test
    void cgroupFilterKeepsOnlyItsProcessEvents() throws IOException {
        String forker = "read go; /bin/true; /bin/true; exit 0";
        Process in = spawn(forker), out = spawn(forker);
        Path cg = cgroupWith(in);
        int member = pid(in);
        List<Event> events;
        try (BpfObject obj = BpfObject.open("proc").targetCgroup(cg)) {
            events = Capture.during(obj, () -> release(in, out));
        }
        List<ProcFork> forks = Capture.only(events, ProcFork.class);
        Set<Integer> inside = new HashSet<>(Set.of(member));
        forks.forEach(f -> inside.add(f.childPid()));   // children start in their parent's cgroup
        System.out.printf("cgroup filter, proc: %d forks, %d execs, %d exits%n", forks.size(),
                Capture.only(events, ProcExec.class).size(), Capture.only(events, ProcExit.class).size());
        assertEquals(2, forks.size(), "forks: " + forks);
        assertTrue(forks.stream().allMatch(f -> f.hdr().pid() == member), "a fork outside the cgroup");
        assertEquals(2, Capture.only(events, ProcExec.class).stream()
                .filter(e -> e.filename().equals("/bin/true")).count(), "execs of /bin/true in the cgroup");
        assertEquals(3, Capture.only(events, ProcExit.class).size(), "exits: the two children and the member");
        assertTrue(events.stream().allMatch(e -> inside.contains(e.hdr().pid())), "an event outside the cgroup");
    }

    @Test
    void cgroupMustBeOnACgroup2Mount() throws IOException {
        try (BpfObject obj = BpfObject.open("sched")) {
            assertThrows(IllegalArgumentException.class, () -> obj.targetCgroup(Path.of("/tmp")));
            assertThrows(IllegalArgumentException.class, () -> obj.targetCgroup(Path.of("/no/such/cgroup")));
            Path mount = cgroup2Mount();
            assumeTrue(mount != null, "no cgroup2 mount");
            obj.targetCgroup(mount); // the root: everything is under it
            assertEquals(mount, obj.cgroupTargeted());
        }
    }
}
