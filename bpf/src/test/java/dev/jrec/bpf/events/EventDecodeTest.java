package dev.jrec.bpf.events;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Records built byte by byte at the offsets jrec_events.h documents, at a non-zero offset. */
class EventDecodeTest {
    static final long AT = 24; // records start 8 bytes past a ring buffer header

    static void str(MemorySegment s, long off, String v) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, s, off, b.length);
    }

    static void hdr(MemorySegment s, int kind) {
        s.set(JAVA_SHORT, AT, (short) kind);
        s.set(JAVA_SHORT, AT + 2, (short) 65535); // unsigned
        s.set(JAVA_INT, AT + 4, 100);
        s.set(JAVA_INT, AT + 8, 101);
        s.set(JAVA_INT, AT + 12, EventFlags.PREEMPT);
        s.set(JAVA_LONG, AT + 16, 123_456_789_012L);
        str(s, AT + 24, "sixteen-chars-xx"); // full 16 bytes, no NUL
    }

    @Test
    void schedSwitch() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(AT + 96, 8);
            hdr(s, EventKind.SCHED_SWITCH);
            s.set(JAVA_INT, AT + 40, 200);
            s.set(JAVA_INT, AT + 44, 201);
            s.set(JAVA_INT, AT + 48, 120);
            s.set(JAVA_INT, AT + 52, 99);
            s.set(JAVA_LONG, AT + 56, 2);
            s.set(JAVA_LONG, AT + 64, 5000);
            s.set(JAVA_LONG, AT + 72, 7000);
            str(s, AT + 80, "next");
            var e = (Event.SchedSwitch) Event.decode(s, AT, 96);
            assertEquals(new Header(EventKind.SCHED_SWITCH, 65535, 100, 101, EventFlags.PREEMPT, 123_456_789_012L,
                    "sixteen-chars-xx"), e.hdr());
            assertEquals(new Event.SchedSwitch(e.hdr(), 200, 201, 120, 99, 2, 5000, 7000, "next"), e);
            assertEquals(true, e.preempted());
            assertEquals(EventKind.SCHED_SWITCH, EventDecoder.Hdr.kind(s, AT));
            assertEquals(101, EventDecoder.Hdr.tid(s, AT));
            assertEquals(123_456_789_012L, EventDecoder.Hdr.ts(s, AT));
        }
    }

    @Test
    void execArgvSplitsAtNulsAndKeepsEmptyArgs() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(AT + 832, 8);
            hdr(s, EventKind.PROC_EXEC);
            s.set(JAVA_INT, AT + 40, 1);
            s.set(JAVA_INT, AT + 44, 101);
            byte[] args = "/bin/echo\0\0a b\0".getBytes(StandardCharsets.UTF_8);
            s.set(JAVA_INT, AT + 48, args.length);
            s.set(JAVA_INT, AT + 52, args.length);
            str(s, AT + 56, "/bin/echo");
            MemorySegment.copy(MemorySegment.ofArray(args), 0, s, AT + 312, args.length);
            s.set(JAVA_LONG, AT + 824, 4242L);
            var e = (Event.ProcExec) Event.decode(s, AT, 832);
            assertEquals(4242L, EventDecoder.ProcExec.cgroupId(s, AT), "the cgroup id, last");
            assertEquals("/bin/echo", e.filename());
            assertEquals(List.of("/bin/echo", "", "a b"), e.argv());
            assertEquals(1, e.ppid());
        }
    }

    @Test
    void blockAndSyscall() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(AT + 328, 8);
            hdr(s, EventKind.BLOCK_RQ_COMPLETE);
            s.set(JAVA_INT, AT + 40, (254 << 20) | 3);
            s.set(JAVA_INT, AT + 44, 65536);
            s.set(JAVA_LONG, AT + 48, 1L << 33);
            s.set(JAVA_LONG, AT + 56, 42_000);
            s.set(JAVA_INT, AT + 64, 7);
            s.set(JAVA_INT, AT + 68, 8);
            s.set(JAVA_INT, AT + 72, -5);
            s.set(JAVA_INT, AT + 76, 0x801);
            str(s, AT + 80, "WS");
            str(s, AT + 88, "dd");
            var b = (Event.Block) Event.decode(s, AT, 104);
            assertEquals(new Event.Block(b.hdr(), (254 << 20) | 3, 65536, 1L << 33, 42_000, 7, 8, -5, 0x801, "WS", "dd"), b);
            assertEquals(254, b.major());
            assertEquals(3, b.minor());

            s.fill((byte) 0);
            hdr(s, EventKind.SYSCALL_PATH);
            s.set(JAVA_INT, AT + 40, 257);
            s.set(JAVA_LONG, AT + 48, 1500);
            s.set(JAVA_LONG, AT + 56, -2);
            s.set(JAVA_LONG, AT + 64, 0x80000);
            str(s, AT + 72, "/etc/passwd");
            var c = (Event.Syscall) Event.decode(s, AT, 328);
            assertEquals(new Event.Syscall(c.hdr(), 257, 1500, -2, 0x80000, "/etc/passwd"), c);

            s.set(JAVA_SHORT, AT, (short) EventKind.SYSCALL);
            assertNull(((Event.Syscall) Event.decode(s, AT, 72)).path());
        }
    }

    @Test
    void hardAndSoftIrq() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(AT + 88, 8);
            hdr(s, EventKind.HARDIRQ);
            s.set(JAVA_INT, AT + 40, 36);
            s.set(JAVA_INT, AT + 44, 1);
            s.set(JAVA_LONG, AT + 48, 4_200);
            str(s, AT + 56, "virtio1-req.0");
            var h = (Event.Hardirq) Event.decode(s, AT, 88);
            assertEquals(new Event.Hardirq(h.hdr(), 36, 1, 4_200, "virtio1-req.0"), h);
            str(s, AT + 56, "n".repeat(32)); // cut by the kernel side: no NUL
            assertEquals("n".repeat(32), ((Event.Hardirq) Event.decode(s, AT, 88)).name());
            assertThrows(IllegalArgumentException.class, () -> Event.decode(s, AT, 87));

            s.fill((byte) 0);
            hdr(s, EventKind.SOFTIRQ);
            s.set(JAVA_INT, AT + 40, 3);
            s.set(JAVA_LONG, AT + 48, 900);
            var o = (Event.Softirq) Event.decode(s, AT, 56);
            assertEquals(new Event.Softirq(o.hdr(), 3, 900), o);
        }
    }

    @Test
    void lockContentionAndFutex() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(AT + 72, 8);
            hdr(s, EventKind.LOCK_CONTENTION);
            s.set(JAVA_LONG, AT + 40, 0xffff888012345678L);
            s.set(JAVA_LONG, AT + 48, 12_345);
            s.set(JAVA_INT, AT + 56, 4);
            s.set(JAVA_INT, AT + 60, -4);
            s.set(JAVA_INT, AT + 64, 17);
            s.set(JAVA_INT, AT + 68, 1);
            var l = (Event.LockContention) Event.decode(s, AT, 72);
            assertEquals(new Event.LockContention(l.hdr(), 0xffff888012345678L, 12_345, 4, -4, 17, 1), l);
            assertThrows(IllegalArgumentException.class, () -> Event.decode(s, AT, 71));

            s.fill((byte) 0);
            hdr(s, EventKind.FUTEX_WAIT);
            s.set(JAVA_LONG, AT + 40, 0x7f0012340000L);
            s.set(JAVA_LONG, AT + 48, 2_000_000);
            s.set(JAVA_LONG, AT + 56, -110);
            s.set(JAVA_INT, AT + 64, 128 | 9);
            s.set(JAVA_INT, AT + 68, -14);
            var f = (Event.Futex) Event.decode(s, AT, 72);
            assertEquals(new Event.Futex(f.hdr(), 0x7f0012340000L, 2_000_000, -110, 137, -14), f);
            assertEquals(EventKind.FUTEX_WAIT, f.hdr().kind());
            s.set(JAVA_SHORT, AT, (short) EventKind.FUTEX_WAKE);
            assertEquals(EventKind.FUTEX_WAKE, ((Event.Futex) Event.decode(s, AT, 72)).hdr().kind());
        }
    }

    @Test
    void rejectsShortRecordsAndUnknownKinds() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(AT + 128, 8);
            hdr(s, EventKind.SCHED_SWITCH);
            assertThrows(IllegalArgumentException.class, () -> Event.decode(s, AT, 95));
            hdr(s, 999);
            assertThrows(IllegalArgumentException.class, () -> Event.decode(s, AT, 128));
        }
    }
}
