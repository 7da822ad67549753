package dev.jrec.bpf;

import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.HungTask;
import dev.jrec.bpf.events.Event.ProcFork;
import dev.jrec.bpf.events.Event.Signal;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** proc.bpf.c's signals (signal_generate) and hung tasks (sched_process_hang), on real ones. */
class SignalsAndHangsTest {
    /** sh starts sleep, sends it SIGUSR1 (which ends it), and waits: one kill from sh, one SIGCHLD back. */
    @Test
    void aKillNamesItsSenderAndTarget() {
        long[] sh = new long[1];
        List<Event> events;
        try (BpfObject obj = BpfObject.open("proc")) {
            events = Capture.during(obj, () -> sh[0] = ProcTest.run("sleep 10 & p=$!; kill -USR1 $p; wait $p; exit 0"));
        }
        int sleep = Capture.only(events, ProcFork.class).stream().filter(f -> f.hdr().pid() == sh[0]).findFirst().orElseThrow().childPid();
        List<Signal> usr1 = Capture.only(events, Signal.class).stream().filter(s -> s.sig() == 10 && s.targetPid() == sleep).toList();
        assertEquals(1, usr1.size(), "SIGUSR1s to sleep: " + usr1);
        Signal k = usr1.getFirst();
        assertEquals(List.of((int) sh[0], "sh", 0), List.of(k.hdr().pid(), k.hdr().comm(), k.result()), "sent by sh, delivered: " + k);
        assertTrue(k.group(), "kill(2) signals the whole process");
        List<Signal> chld = Capture.only(events, Signal.class).stream().filter(s -> s.sig() == 17 && s.targetPid() == sh[0]).toList();
        assertEquals(1, chld.size(), "SIGCHLD to sh: " + chld);
        assertEquals(sleep, chld.getFirst().hdr().pid(), "sent by the exiting sleep");
    }

    /**
     * A real hung task: dd writes 1 MiB to a file of an ext4 on a loop device and fsyncs it, from a blkio cgroup
     * throttled to 4 KB/s, so it waits for its pages' writeback in D for seconds. (Waits for a bio itself would
     * not do: they wake every half timeout to keep the detector quiet.) With hung_task_timeout_secs = 1, khungtaskd
     * reports it once it has not run for a whole check after the one that first saw it stuck; then the throttle is
     * lifted. The two sysctls are put back.
     */
    @Test
    void aTaskStuckInDIsReportedHung() throws Exception {
        Path sys = Path.of("/proc/sys/kernel");
        Assumptions.assumeTrue(Files.exists(sys.resolve("hung_task_timeout_secs")), "no hung task detector (CONFIG_DETECT_HUNG_TASK)");
        Assumptions.assumeTrue(sysctl(sys.resolve("hung_task_panic")).equals("0"), "hung_task_panic is on");
        Assumptions.assumeTrue(Files.exists(Path.of("/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device")), "no cgroup v1 blkio throttle");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/loop-control")), "no loop devices");
        String timeout = sysctl(sys.resolve("hung_task_timeout_secs"));
        String interval = sysctl(sys.resolve("hung_task_check_interval_secs"));
        List<Event> events;
        try (BpfObject obj = BpfObject.open("proc")) {
            sysctls("1", "1");
            events = Capture.during(obj, () -> ProcTest.run(stuckInD(timeout, interval)));
        } finally {
            sysctls(timeout, interval);
        }
        assertEquals(timeout, sysctl(sys.resolve("hung_task_timeout_secs")), "put back");
        List<HungTask> hung = Capture.only(events, HungTask.class).stream().filter(h -> h.hdr().comm().equals("dd")).toList();
        System.out.println("hung tasks: " + Capture.only(events, HungTask.class));
        assertTrue(!hung.isEmpty(), "dd reported hung: " + Capture.only(events, HungTask.class));
        assertEquals(2, hung.getFirst().state() & 2, "in D");
        assertEquals(hung.getFirst().hdr().pid(), hung.getFirst().hdr().tid());
    }

    /**
     * A sysctl's value, read in one call: Files.readString of a /proc/sys file (size 0) read "120" as "1" here,
     * as if its first read asked for one byte, and these files give nothing at a later offset.
     */
    private static String sysctl(Path p) throws java.io.IOException {
        try (var in = Files.newInputStream(p)) {
            return new String(in.readNBytes(64), java.nio.charset.StandardCharsets.US_ASCII).strip();
        }
    }

    private static void sysctls(String timeout, String interval) {
        ProcTest.run("echo " + timeout + " > /proc/sys/kernel/hung_task_timeout_secs; echo " + interval
                + " > /proc/sys/kernel/hung_task_check_interval_secs");
    }

    /**
     * The hang, cleaned up by its own shell on every exit (a JVM killed mid-test leaves this shell running: it
     * still unthrottles dd, unmounts, frees the loop device and removes the cgroup, then puts the sysctls back).
     */
    static String stuckInD(String timeout, String interval) {
        return "f=$(mktemp) && truncate -s 32M $f && loop=$(losetup -f --show $f) || exit 99;"
                + " m=$(mktemp -d); cg=/sys/fs/cgroup/blkio/jrec-hang-$$;"
                + " cleanup() { [ -n \"$mm\" ] && echo \"$mm 0\" > $cg/blkio.throttle.write_bps_device 2>/dev/null; [ -n \"$w\" ] && wait $w;"
                + " umount $m 2>/dev/null; rmdir $m $cg 2>/dev/null; losetup -d $loop; rm -f $f;"
                + " echo " + timeout + " > /proc/sys/kernel/hung_task_timeout_secs; echo " + interval
                + " > /proc/sys/kernel/hung_task_check_interval_secs; };"
                + " trap cleanup EXIT; trap 'exit 97' INT TERM HUP;"
                + " mkfs.ext4 -q $loop && mount $loop $m || exit 98;"
                + " mm=$(lsblk -dno MAJ:MIN $loop | tr -d ' '); mkdir $cg;"
                + " echo \"$mm 4096\" > $cg/blkio.throttle.write_bps_device;"
                + " sh -c \"echo \\$\\$ > $cg/cgroup.procs; exec dd if=/dev/zero of=$m/f bs=1M count=1 conv=fsync status=none\" & w=$!;"
                + " sleep 5";
    }
}
