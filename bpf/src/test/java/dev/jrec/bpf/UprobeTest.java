package dev.jrec.bpf;

import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.uprobe.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * uprobe.bpf.c on real calls: this JVM calls libc's usleep and getenv through Panama a known number of
 * times (the uprobes are on the libc file this process maps), and a python3.11 collects generation 1
 * a known number of times (USDT python:gc__start, whose argument is the generation; bpftrace counts 7 of 7).
 */
class UprobeTest {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle USLEEP = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("usleep"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GETENV = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("getenv"),
            FunctionDescriptor.of(ADDRESS, ADDRESS));

    @Test
    void timedCallsAndStringArgumentsOfThisProcess() throws Exception {
        Path libc = mappedLibc();
        int tid = Sys.gettid();
        List<Event> events;
        try (BpfObject obj = BpfObject.open("uprobe").knob("exclude_tgid", 0).targetPids(Sys.pid())
                .knob(ProbeSpec.KNOB, ProbeSpec.knob(List.of(
                        new ProbeSpec(List.of(0), -1, true, true, true),     // usleep(usec), timed
                        new ProbeSpec(List.of(), 0, false, false, true))))) { // getenv(str name)
            obj.load(BpfObject.Flavor.AUTO);
            obj.attachUprobe("uprobe_entry", false, Sys.pid(), libc.toString(), offset(libc, "usleep"), 0);
            obj.attachUprobe("uretprobe_return", true, Sys.pid(), libc.toString(), offset(libc, "usleep"), 0);
            obj.attachUprobe("uprobe_entry", false, Sys.pid(), libc.toString(), offset(libc, "getenv"), 1);
            events = Capture.during(obj, () -> {
                try (Arena a = Arena.ofConfined()) {
                    for (int i = 0; i < 20; i++) {
                        int rc = (int) USLEEP.invokeExact(1000 + i);
                        var unused = (java.lang.foreign.MemorySegment) GETENV.invokeExact(a.allocateFrom("JREC_UPROBE_TEST_" + i));
                    }
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
            });
            assertEquals(0, dev.jrec.bpf.events.Drop.lost(obj.drops()), "records lost");
        }
        List<Event.Uprobe> mine = Capture.only(events, Event.Uprobe.class).stream().filter(u -> u.hdr().tid() == tid).toList();
        List<Event.Uprobe> sleeps = mine.stream().filter(u -> u.probe() == 0).toList();
        assertEquals(20, sleeps.size(), "usleep calls: " + sleeps.size());
        for (int i = 0; i < 20; i++) {
            Event.Uprobe u = sleeps.get(i);
            assertEquals(EventKind.URETPROBE, u.hdr().kind());
            assertEquals(1000 + i, u.args()[0], "usleep's argument");
            assertEquals(0, u.ret(), "usleep's return");
            assertTrue(u.durationNs() >= (1000 + i) * 1000L, "call " + i + " took " + u.durationNs() + " ns, asked " + (1000 + i) + " us");
            assertTrue(u.durationNs() < 1_000_000_000L, "call " + i + " took " + u.durationNs() + " ns");
            assertTrue(u.ustackId() >= 0, "usleep's caller's stack: " + u.ustackId());
            assertTrue(u.callerIp() != 0, "the caller's address");
        }
        List<String> names = mine.stream().filter(u -> u.probe() == 1).map(Event.Uprobe::str).toList();
        List<String> expected = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "JREC_UPROBE_TEST_" + i).toList();
        assertEquals(expected, names.stream().filter(n -> n.startsWith("JREC_UPROBE_TEST_")).toList());
        assertTrue(mine.stream().filter(u -> u.probe() == 1).allMatch(u -> u.hdr().kind() == EventKind.UPROBE && u.durationNs() == 0));
    }

    @Test
    void usdtArgumentsOfAnotherProcess() throws Exception {
        Path python = Path.of("/usr/bin/python3.11");
        assertTrue(Files.isExecutable(python), "Debian's python3.11 (with its USDT notes) is needed: apt-get install -y python3.11");
        List<Event> events;
        Process[] p = new Process[1];
        try (BpfObject obj = BpfObject.open("uprobe")
                .knob(ProbeSpec.KNOB, ProbeSpec.knob(List.of(new ProbeSpec(List.of(0), -1, false, false, true))))) {
            obj.load(BpfObject.Flavor.AUTO);
            obj.attachUsdt("usdt_fire", -1, python.toString(), "python", "gc__start", 0);
            events = Capture.during(obj, () -> {
                try {
                    p[0] = new ProcessBuilder(python.toString(), "-c", "import gc\nfor _ in range(7): gc.collect(1)").start();
                    assertTrue(p[0].waitFor(30, TimeUnit.SECONDS));
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
        }
        long pid = p[0].pid();
        List<Event.Uprobe> gcs = Capture.only(events, Event.Uprobe.class).stream().filter(u -> u.hdr().pid() == pid).toList();
        assertTrue(gcs.stream().allMatch(u -> u.hdr().kind() == EventKind.USDT && u.probe() == 0));
        assertEquals(7, gcs.stream().filter(u -> u.args()[0] == 1).count(), "generation-1 collections: " + gcs);
    }

    @Test
    void theSpecsBytesAreTheObjectsStruct() {
        for (dev.jrec.bpf.libbpf.Arch arch : dev.jrec.bpf.libbpf.Arch.values()) {
            try (BpfObject obj = BpfObject.open("uprobe", arch)) {
                var c = obj.btf().struct("probe_spec");
                assertEquals(ProbeSpec.BYTES, c.size(), arch.toString());
                assertEquals(List.of(0L, 1L, 7L, 8L, 9L, 10L, 11L), List.of(c.members().get("nargs").offset(), c.members().get("arg").offset(),
                        c.members().get("str_arg").offset(), c.members().get("timed").offset(), c.members().get("stack").offset(),
                        c.members().get("sampled").offset(), c.members().get("deref").offset()), arch.toString());
                assertEquals(ProbeSpec.MAX_PROBES * (long) ProbeSpec.BYTES, obj.btf().datasec(".rodata").get(ProbeSpec.KNOB).size());
            }
        }
        byte[] b = ProbeSpec.knob(List.of(new ProbeSpec(List.of(2, 0), 1, true, false, true, 0b10)));
        assertEquals(List.of(2, 2, 0, 1, 1, 0, 1, 2), List.of((int) b[0], (int) b[1], (int) b[2], (int) b[7], (int) b[8], (int) b[9], (int) b[10], (int) b[11]));
        assertThrows(IllegalArgumentException.class, () -> new ProbeSpec(List.of(0), -1, true, false, true, 0b10), "a deref of an argument not recorded");
    }

    /** The libc file this process maps. */
    static Path mappedLibc() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash > 0 && line.substring(slash).matches(".*/libc\\.so\\.6$|.*/libc-[0-9.]+\\.so$")) return Path.of(line.substring(slash)).toRealPath();
        }
        throw new AssertionError("no libc in /proc/self/maps");
    }

    /** A function's file offset in libc as nm gives its address (libc's text is mapped at its file offset). */
    static long offset(Path lib, String func) throws Exception {
        Process nm = new ProcessBuilder("nm", "-D", "--defined-only", lib.toString()).start();
        String out = new String(nm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(nm.waitFor(30, TimeUnit.SECONDS) && nm.exitValue() == 0, "nm -D " + lib);
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[2].replaceFirst("@.*", "").equals(func) && (f[1].equals("T") || f[1].equals("W"))) return Long.parseLong(f[0], 16);
        }
        throw new AssertionError("no " + func + " in nm -D " + lib);
    }
}
