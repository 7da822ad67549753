package dev.jrec.bpf.libbpf;

import dev.jrec.bpf.Capture;
import dev.jrec.bpf.Sys;
import dev.jrec.bpf.Workloads;
import dev.jrec.bpf.events.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpfObjectTest {
    @ParameterizedTest
    @CsvSource({"sched,BTF", "sched,RAW", "proc,BTF", "proc,RAW", "block,BTF", "block,RAW", "syscalls,BTF", "syscalls,RAW", "net,BTF", "net,RAW", "irq,BTF", "irq,RAW", "mem,BTF", "mem,RAW", "lock,BTF", "lock,RAW"})
    void everyObjectLoadsAndAttachesInBothFlavors(String name, BpfObject.Flavor flavor) {
        try (BpfObject obj = BpfObject.open(name)) {
            assertEquals(flavor, obj.load(flavor));
            String prefix = flavor == BpfObject.Flavor.BTF ? "btf_" : "raw_";
            List<String> loaded = obj.loadedPrograms();
            assertFalse(loaded.isEmpty());
            // classic tracepoint programs (tp/oom/mark_victim) and perf_event ones (mem's faults) load in both flavors,
            // iterators (net's iter/tcp) with BTF only
            java.util.function.Predicate<String> ofFlavor = p -> p.startsWith(prefix) || BpfObject.isClassicTracepoint(obj.programs().get(p))
                    || BpfObject.isPerfEvent(obj.programs().get(p)) || flavor == BpfObject.Flavor.BTF && BpfObject.isIter(obj.programs().get(p));
            assertTrue(loaded.stream().allMatch(ofFlavor), loaded.toString());
            // all of the flavor's handlers are loaded: this kernel has every tracepoint
            // (a flavor may have a handler the other lacks, e.g. raw_tp's map cleanup at exit)
            assertEquals(obj.programs().keySet().stream().filter(ofFlavor).count(), loaded.size(), loaded.toString());
            if (name.equals("proc")) assertTrue(loaded.contains("oom_mark_victim"), loaded.toString());
            obj.attach();
        }
    }

    @Test
    void rawTracepointsRecordSwitchesToo() {
        Workloads.PingPong[] pp = new Workloads.PingPong[1];
        List<Event> events;
        try (BpfObject obj = BpfObject.open("sched").knob("exclude_tgid", 0).targetPids(Sys.pid())) {
            obj.load(BpfObject.Flavor.RAW);
            events = Capture.during(obj, () -> pp[0] = Workloads.pingPong(500));
        }
        long out = Capture.only(events, Event.SchedSwitch.class).stream()
                .filter(s -> s.hdr().tid() == pp[0].a() || s.hdr().tid() == pp[0].b()).count();
        assertTrue(out >= 1000, "switches out of the pair with raw_tp: " + out);
    }

    @Test
    void disabledTracepointIsNotLoaded() {
        try (BpfObject obj = BpfObject.open("sched").disable("sched_migrate_task")) {
            obj.load(BpfObject.Flavor.AUTO);
            assertTrue(obj.loadedPrograms().stream().noneMatch(p -> p.endsWith("sched_migrate_task")));
            assertTrue(obj.loadedPrograms().stream().anyMatch(p -> p.endsWith("sched_switch")));
        }
    }

    @Test
    void knobsAreCheckedAgainstTheObjectsBtf() {
        try (BpfObject obj = BpfObject.open("syscalls")) {
            assertTrue(obj.knobs().containsAll(List.of("filter_tgid", "filter_cg", "exclude_tgid", "targ_comm",
                    "min_duration_ns", "filter_syscalls", "syscall_bitmap")), obj.knobs().toString());
            assertThrows(IllegalArgumentException.class, () -> obj.knob("no_such_knob", 1));
            assertThrows(IllegalArgumentException.class, () -> obj.knob("targ_comm", new byte[17]));
            assertThrows(IllegalArgumentException.class, () -> obj.knob("syscall_bitmap", 1));
            assertThrows(IllegalArgumentException.class, () -> obj.targetPids());
            assertThrows(IllegalArgumentException.class, () -> obj.targetPids(0));
            assertThrows(IllegalArgumentException.class, () -> obj.targetCgroup(java.nio.file.Path.of("/proc")));
            assertThrows(IllegalArgumentException.class, () -> obj.targetComm(""));
            assertThrows(IllegalStateException.class, () -> obj.addTargetPids(1));
            obj.load(BpfObject.Flavor.AUTO);
            assertThrows(IllegalStateException.class, () -> obj.knob("filter_tgid", 1));
            assertThrows(IllegalStateException.class, () -> obj.targetPids(1));
            assertThrows(IllegalStateException.class, () -> obj.addTargetPids(1));
        }
    }

    @Test
    void loadFailureCarriesErrnoTextAndLibbpfLogsThroughSystemLogger() {
        List<LogRecord> records = new ArrayList<>();
        Logger jul = Logger.getLogger("dev.jrec.bpf.libbpf");
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        jul.addHandler(h);
        try (BpfObject obj = BpfObject.open("sched").maxEntries(BpfObject.DROPS_MAP, 0)) {
            LibbpfException e = assertThrows(LibbpfException.class, () -> obj.load(BpfObject.Flavor.RAW));
            assertEquals(22, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("Invalid argument"), e.getMessage());
        } finally {
            jul.removeHandler(h);
        }
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("drops")),
                "libbpf warnings seen: " + records.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void probesSeeThisKernel() {
        assertTrue(Probe.tracepointExists("sched", "sched_switch"));
        assertFalse(Probe.tracepointExists("sched", "no_such_tracepoint"));
        assertTrue(Probe.rawTracepointExists("sys_enter"));
        assertFalse(Probe.rawTracepointExists("no_such_tracepoint"));
        assertTrue(Probe.tpBtfSupported(), "this machine's kernel has BTF and tracing programs");
        try (BpfObject obj = BpfObject.open("proc")) {
            assertEquals(BpfObject.Flavor.BTF, obj.load(BpfObject.Flavor.AUTO), "AUTO picks tp_btf where it loads");
        }
    }
}
