package dev.jrec.bpf;

import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.SchedSwitch;
import dev.jrec.bpf.events.Event.SchedWakeup;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.libbpf.BpfObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedTest {
    static final int N = 2000;

    /** Both flavors: their handlers share code but not their task reads or their per-task maps. */
    @ParameterizedTest
    @EnumSource(value = BpfObject.Flavor.class, names = {"BTF", "RAW"})
    void pingPongSwitchesAndWakeupsAreRecorded(BpfObject.Flavor flavor) {
        Workloads.PingPong[] pp = new Workloads.PingPong[1];
        List<Event> events;
        long[] drops;
        try (BpfObject obj = BpfObject.open("sched").knob("exclude_tgid", 0).targetPids(Sys.pid())
                .ringBufferBytes(4 << 20)) {
            obj.load(flavor);
            events = Capture.during(obj, () -> pp[0] = Workloads.pingPong(N));
            drops = obj.drops();
        }
        int a = pp[0].a(), b = pp[0].b();
        List<SchedSwitch> switches = Capture.only(events, SchedSwitch.class);
        long out = switches.stream().filter(s -> s.hdr().tid() == a || s.hdr().tid() == b).count();
        long in = switches.stream().filter(s -> s.nextTid() == a || s.nextTid() == b).count();
        List<SchedWakeup> wakeups = Capture.only(events, SchedWakeup.class).stream()
                .filter(w -> w.hdr().kind() == EventKind.SCHED_WAKEUP).toList();
        long aWakesB = wakeups.stream().filter(w -> w.hdr().tid() == a && w.targetTid() == b).count();
        long bWakesA = wakeups.stream().filter(w -> w.hdr().tid() == b && w.targetTid() == a).count();
        long[] blockedAndWoken = blockedThenWoken(events, a, b);
        long waitedIn = switches.stream().filter(s -> (s.nextTid() == a || s.nextTid() == b) && s.nextRqWaitNs() > 0).count();
        long ranOut = switches.stream().filter(s -> (s.hdr().tid() == a || s.hdr().tid() == b) && s.prevOncpuNs() > 0).count();
        System.out.printf("sched: %d records, %d switches out of the pair, %d into it, wakeups a->b %d b->a %d,"
                + " %d switched out blocked, %d of them woken before switched in, %d with rq wait, %d with on-cpu time,"
                + " drops %s%n", events.size(), out, in, aWakesB, bWakesA, blockedAndWoken[0], blockedAndWoken[1],
                waitedIn, ranOut, java.util.Arrays.toString(drops));

        assertTrue(out >= 2L * N, "switches out of ping/pong: " + out);
        assertTrue(in >= 2L * N, "switches into ping/pong: " + in);
        // A write to a peer that was preempted before it could block needs no
        // wakeup, so not every round has two; but each thread blocks at least
        // once a round, and every block but the final exit must be ended by a wakeup.
        assertTrue(blockedAndWoken[0] >= N, "switched out blocked: " + blockedAndWoken[0]);
        assertTrue(blockedAndWoken[1] >= blockedAndWoken[0] - 2, "blocked, then woken: " + blockedAndWoken[1]
                + " of " + blockedAndWoken[0]);
        // Who the waker is varies: a wakeup queued to an idle CPU (ttwu_queue) fires there, under its idle task,
        // not the peer that wrote (1922 of 2282 within the pair on an idle host). The woken thread does not vary.
        long ofThePair = wakeups.stream().filter(w -> w.targetTid() == a || w.targetTid() == b).count();
        assertTrue(ofThePair >= N, "wakeups of ping/pong: " + ofThePair + " (within the pair: " + (aWakesB + bWakesA) + ")");
        assertTrue(waitedIn >= 2L * N * 9 / 10, "switches in with a run-queue wait: " + waitedIn);
        assertTrue(ranOut >= 2L * N * 9 / 10, "switches out with an on-CPU time: " + ranOut);
        assertTrue(switches.stream().allMatch(s -> s.hdr().pid() == Sys.pid() || s.nextPid() == Sys.pid()),
                "the pid filter let another process's switch through");
        // Task storage may refuse a task's times now and then under load: the switch is kept, untimed.
        assertEquals(0, Drop.lost(drops), "drops: " + java.util.Arrays.toString(drops));
        assertTrue(drops[Drop.UNTIMED] <= out / 100, "untimed switches: " + java.util.Arrays.toString(drops));
    }

    /** {switch-outs of a or b in a sleeping state, those followed by a wakeup of it before its next switch-in}. */
    static long[] blockedThenWoken(List<Event> events, int a, int b) {
        List<Event> byTime = events.stream().sorted(java.util.Comparator.comparingLong(e -> e.hdr().ts())).toList();
        java.util.Map<Integer, Boolean> sleeping = new java.util.HashMap<>();
        long blocked = 0, woken = 0;
        for (Event e : byTime) {
            if (e instanceof SchedSwitch s) {
                int prev = s.hdr().tid();
                if ((prev == a || prev == b) && s.prevState() != 0 && !s.preempted()) {
                    blocked++;
                    sleeping.put(prev, true);
                }
                sleeping.put(s.nextTid(), false); // a missing wakeup leaves "blocked" unmatched
            } else if (e instanceof SchedWakeup w && w.hdr().kind() == EventKind.SCHED_WAKEUP
                    && Boolean.TRUE.equals(sleeping.get(w.targetTid()))) {
                woken++;
                sleeping.put(w.targetTid(), false);
            }
        }
        return new long[] {blocked, woken};
    }

    @Test
    void fullTrackingMapKeepsTheSwitchesAndCountsThemUntimed() {
        long[] drops;
        List<Event> events;
        Workloads.PingPong[] pp = new Workloads.PingPong[1];
        try (BpfObject obj = BpfObject.open("sched").knob("exclude_tgid", 0).targetPids(Sys.pid())
                .maxEntries("raw_times", 1).ringBufferBytes(4 << 20)) {
            obj.load(BpfObject.Flavor.RAW); // task storage (the tp_btf flavor's) cannot fill up
            events = Capture.during(obj, () -> pp[0] = Workloads.pingPong(200));
            drops = obj.drops();
        }
        String all = java.util.Arrays.toString(drops);
        assertTrue(drops[Drop.UNTIMED] > 0, "switches whose times found no room: " + all);
        assertEquals(0, Drop.lost(drops), "yet no record lost: " + all);
        int a = pp[0].a(), b = pp[0].b();
        long out = Capture.only(events, SchedSwitch.class).stream().filter(s -> s.hdr().tid() == a || s.hdr().tid() == b).count();
        assertTrue(out >= 2L * 200, "every switch out of the pair is recorded, timed or not: " + out);
    }

    @Test
    void tinyRingBufferCountsDrops() {
        long[] drops;
        int[] drained = new int[1];
        try (BpfObject obj = BpfObject.open("sched").knob("exclude_tgid", 0).ringBufferBytes(4096)) {
            obj.load(BpfObject.Flavor.AUTO);
            obj.attach();
            Workloads.pingPong(N); // never drained meanwhile: 4 KiB holds ~40 switch records
            obj.detach();
            try (var reader = dev.jrec.bpf.ringbuf.RingBufferReader.open(obj)) {
                drained[0] = reader.drain((s, off, len) -> { });
            }
            drops = obj.drops();
        }
        System.out.printf("drop test: %d records fit, drops %s%n", drained[0], java.util.Arrays.toString(drops));
        assertTrue(drops[Drop.RINGBUF] > N, "ring buffer drops: " + java.util.Arrays.toString(drops));
        // the smallest record (a wakeup) takes 80 bytes + an 8-byte header
        assertTrue(drained[0] > 0 && drained[0] <= 4096 / (80 + 8), "records kept in 4 KiB: " + drained[0]);
    }
}
