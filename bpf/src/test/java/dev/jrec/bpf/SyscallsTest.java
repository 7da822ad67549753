package dev.jrec.bpf;

import dev.jrec.bpf.events.Drop;
import dev.jrec.bpf.events.Event;
import dev.jrec.bpf.events.Event.Syscall;
import dev.jrec.bpf.events.EventKind;
import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.bpf.ringbuf.ReadMethod;
import dev.jrec.bpf.ringbuf.RingBufferReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyscallsTest {
    static final int N = 100;
    static final int NR_OPENAT = 257;
    static final int ENOENT = 2;

    static String missingPath() {
        return "/nonexistent-jrec/" + java.util.UUID.randomUUID();
    }

    static void openMissing(String path, int n) {
        for (int i = 0; i < n; i++) {
            assertEquals(-ENOENT, Sys.open(path));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadMethod.class)
    void failedOpenatsArePairedWithPathAndErrno(ReadMethod method) {
        String path = missingPath();
        List<Event> events;
        long[] drops;
        try (BpfObject obj = BpfObject.open("syscalls").knob("exclude_tgid", 0).targetPids(Sys.pid())) {
            events = Capture.during(obj, method, () -> openMissing(path, N));
            drops = obj.drops();
        }
        assertFailedOpens(method.toString(), path, events, drops);
    }

    /** Both flavors: they share handlers but keep calls in flight in different maps. */
    @ParameterizedTest
    @EnumSource(value = BpfObject.Flavor.class, names = {"BTF", "RAW"})
    void failedOpenatsArePairedInEitherFlavor(BpfObject.Flavor flavor) {
        String path = missingPath();
        List<Event> events;
        long[] drops;
        try (BpfObject obj = BpfObject.open("syscalls").knob("exclude_tgid", 0).targetPids(Sys.pid())) {
            obj.load(flavor);
            events = Capture.during(obj, () -> openMissing(path, N));
            drops = obj.drops();
        }
        assertFailedOpens(flavor.toString(), path, events, drops);
    }

    private static void assertFailedOpens(String how, String path, List<Event> events, long[] drops) {
        List<Syscall> opens = Capture.only(events, Syscall.class).stream().filter(s -> path.equals(s.path())).toList();
        System.out.printf("syscalls (%s): %d records, %d openat of the missing path, drops %s%n", how,
                events.size(), opens.size(), java.util.Arrays.toString(drops));
        assertEquals(N, opens.size());
        for (Syscall s : opens) {
            assertEquals(EventKind.SYSCALL_PATH, s.hdr().kind());
            assertEquals(NR_OPENAT, s.id());
            assertEquals(-ENOENT, s.ret());
            assertEquals(0, s.flags()); // O_RDONLY
            assertTrue(s.durationNs() > 0 && s.durationNs() < 1_000_000_000L, "duration " + s.durationNs());
            assertEquals(Sys.pid(), s.hdr().pid());
        }
        assertTrue(events.stream().allMatch(e -> e.hdr().pid() == Sys.pid()), "the pid filter let other processes through");
        assertArrayEquals(new long[Drop.SLOTS], drops, "drops");
    }

    @Test
    void ownProcessIsExcludedByDefault() {
        String path = missingPath();
        List<Event> events;
        try (BpfObject obj = BpfObject.open("syscalls").targetPids(Sys.pid())) {
            events = Capture.during(obj, () -> openMissing(path, N));
        }
        assertEquals(0, events.size(), "records of our own syscalls");
    }

    @Test
    void minDurationAndIdFilterApply() {
        String path = missingPath();
        List<Event> slowOnly, openatOnly;
        try (BpfObject obj = BpfObject.open("syscalls").knob("exclude_tgid", 0).targetPids(Sys.pid())
                .knob("min_duration_ns", 5_000_000_000L)) {
            slowOnly = Capture.during(obj, () -> openMissing(path, N));
        }
        byte[] bitmap = new byte[64];
        bitmap[NR_OPENAT / 8] |= (byte) (1 << (NR_OPENAT % 8));
        try (BpfObject obj = BpfObject.open("syscalls").knob("exclude_tgid", 0).targetPids(Sys.pid())
                .knob("filter_syscalls", 1).knob("syscall_bitmap", bitmap)) {
            openatOnly = Capture.during(obj, () -> openMissing(path, N));
        }
        assertTrue(Capture.only(slowOnly, Syscall.class).stream().noneMatch(s -> path.equals(s.path())),
                "a 5 s minimum let a failed openat through");
        assertTrue(Capture.only(slowOnly, Syscall.class).stream().allMatch(s -> s.durationNs() >= 5_000_000_000L));
        assertEquals(N, Capture.only(openatOnly, Syscall.class).stream().filter(s -> path.equals(s.path())).count());
        assertTrue(Capture.only(openatOnly, Syscall.class).stream().allMatch(s -> s.id() == NR_OPENAT),
                "ids outside the bitmap were recorded");
    }

    /** Path records (336 bytes with header) through a 16 KiB buffer wrap ~20 times; all must arrive intact. */
    @ParameterizedTest
    @EnumSource(ReadMethod.class)
    void recordsSurviveWrapAround(ReadMethod method) {
        String path = missingPath();
        List<String> paths = new ArrayList<>();
        long[] drops;
        try (BpfObject obj = BpfObject.open("syscalls").knob("exclude_tgid", 0).targetPids(Sys.pid())
                .knob("filter_syscalls", 1).knob("syscall_bitmap", openatBitmap()).ringBufferBytes(16384)) {
            obj.load(BpfObject.Flavor.AUTO);
            try (RingBufferReader reader = method.open(obj)) {
                obj.attach();
                for (int i = 0; i < 1000; i++) {
                    assertEquals(-ENOENT, Sys.open(path + "/" + i));
                    if (i % 10 == 9) {
                        reader.drain((s, off, len) -> {
                            Event e = Event.decode(s, off, len);
                            if (e instanceof Syscall sc && sc.path() != null && sc.path().startsWith(path)) {
                                paths.add(sc.path());
                            }
                        });
                    }
                }
                obj.detach();
            }
            drops = obj.drops();
        }
        assertArrayEquals(new long[Drop.SLOTS], drops, "drops");
        assertEquals(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> path + "/" + i).toList(), paths);
    }

    static byte[] openatBitmap() {
        byte[] bitmap = new byte[64];
        bitmap[NR_OPENAT / 8] |= (byte) (1 << (NR_OPENAT % 8));
        return bitmap;
    }
}
