package dev.jrec.recorder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static dev.jrec.bpf.events.EventLayouts.offset;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.bpf.events.EventLayouts;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding of hand-built records (the layouts of jrec_events.h) into capture rows. */
class EventRowsTest {
    private final List<EventBatch> handed = new ArrayList<>();
    private final EventRows decoder = new EventRows(full -> {
        if (full != null) handed.add(full);
        return new EventBatch(4);
    }, new SeenThreads(Path.of("/nonexistent-proc"), 0));

    private static MemorySegment record(StructLayout l, int kind, int pid, int tid, long ts, String comm) {
        MemorySegment s = Arena.ofAuto().allocate(l.byteSize() + 8);
        s.set(JAVA_SHORT_UNALIGNED, offset(EventLayouts.HDR, "kind"), (short) kind);
        s.set(JAVA_SHORT_UNALIGNED, offset(EventLayouts.HDR, "cpu"), (short) 1);
        s.set(JAVA_INT_UNALIGNED, offset(EventLayouts.HDR, "pid"), pid);
        s.set(JAVA_INT_UNALIGNED, offset(EventLayouts.HDR, "tid"), tid);
        s.set(JAVA_LONG_UNALIGNED, offset(EventLayouts.HDR, "ts"), ts);
        str(s, offset(EventLayouts.HDR, "comm"), comm);
        return s;
    }

    private static void str(MemorySegment s, long at, String v) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(b, 0, s, JAVA_BYTE, at, b.length);
    }

    @Test
    void schedSwitchKeepsPrevAsSubjectAndDerivedDurations() {
        StructLayout l = EventLayouts.SCHED_SWITCH;
        MemorySegment s = record(l, dev.jrec.bpf.events.EventKind.SCHED_SWITCH, 10, 11, 5_000, "prev-comm");
        s.set(JAVA_INT_UNALIGNED, offset(l, "next_pid"), 20);
        s.set(JAVA_INT_UNALIGNED, offset(l, "next_tid"), 21);
        s.set(JAVA_LONG_UNALIGNED, offset(l, "prev_state"), 1);
        s.set(JAVA_LONG_UNALIGNED, offset(l, "prev_oncpu_ns"), 700);
        s.set(JAVA_LONG_UNALIGNED, offset(l, "next_rq_wait_ns"), 0); // unknown: stays null
        str(s, offset(l, "next_comm"), "next-comm");
        decoder.onRecord(s, 0, (int) l.byteSize());
        EventBatch b = decoder.batch();
        assertEquals(EventKind.SCHED_SWITCH, b.kind(0));
        assertEquals(5_000, b.ts(0));
        assertEquals(11, b.getInt(Column.TID, 0));
        assertEquals("prev-comm", b.getObject(Column.COMM, 0));
        assertEquals(21, b.getInt(Column.NEXT_TID, 0));
        assertEquals("next-comm", b.getObject(Column.NEXT_COMM, 0));
        assertEquals(700, b.getLong(Column.DUR_NS, 0));
        assertFalse(b.has(Column.WAIT_NS, 0));
        assertSame(b.getObject(Column.COMM, 0), decoderCommAgain(s, l), "comms are cached, not reallocated");
    }

    private Object decoderCommAgain(MemorySegment s, StructLayout l) {
        decoder.onRecord(s, 0, (int) l.byteSize());
        return decoder.batch().getObject(Column.COMM, 1);
    }

    @Test
    void syscallRowIsStampedAtExitAndNamed() {
        StructLayout l = EventLayouts.SYSCALL_PATH;
        MemorySegment s = record(l, dev.jrec.bpf.events.EventKind.SYSCALL_PATH, 7, 7, 1_000, "cat");
        s.set(JAVA_INT_UNALIGNED, offset(l, "sc", "id"), 257);
        s.set(JAVA_LONG_UNALIGNED, offset(l, "sc", "duration_ns"), 250);
        s.set(JAVA_LONG_UNALIGNED, offset(l, "sc", "ret"), -2);
        str(s, offset(l, "path"), "/etc/missing");
        decoder.onRecord(s, 0, (int) l.byteSize());
        EventBatch b = decoder.batch();
        assertEquals(1_250, b.ts(0), "ts = entry + duration");
        assertEquals("openat", b.getObject(Column.SYSCALL, 0));
        assertEquals(-2, b.getLong(Column.RET, 0));
        assertEquals("/etc/missing", b.getObject(Column.PATH, 0));
    }

    @Test
    void irqRowsNameTheHandlerAndTheInterruptedTask() {
        StructLayout l = EventLayouts.HARDIRQ;
        MemorySegment s = record(l, dev.jrec.bpf.events.EventKind.HARDIRQ, 0, 0, 9_000, "swapper/1");
        s.set(JAVA_INT_UNALIGNED, offset(l, "irq"), 36);
        s.set(JAVA_INT_UNALIGNED, offset(l, "ret"), 1);
        s.set(JAVA_LONG_UNALIGNED, offset(l, "duration_ns"), 1_200);
        str(s, offset(l, "name"), "virtio1-req.0");
        decoder.onRecord(s, 0, (int) l.byteSize());
        str(s, offset(l, "name"), "virtio1-req.1"); // the same irq renamed: the new name, not the cached one
        decoder.onRecord(s, 0, (int) l.byteSize());
        StructLayout sl = EventLayouts.SOFTIRQ;
        MemorySegment soft = record(sl, dev.jrec.bpf.events.EventKind.SOFTIRQ, 42, 43, 9_500, "java");
        soft.set(JAVA_INT_UNALIGNED, offset(sl, "vec"), 3);
        soft.set(JAVA_LONG_UNALIGNED, offset(sl, "duration_ns"), 800);
        decoder.onRecord(soft, 0, (int) sl.byteSize());
        EventBatch b = decoder.batch();
        assertEquals(EventKind.HARDIRQ, b.kind(0));
        assertEquals(9_000, b.ts(0), "the exit: dur_ns reaches back to the entry");
        assertEquals(1, b.getInt(Column.CPU, 0));
        assertEquals(0, b.getInt(Column.PID, 0));
        assertEquals("swapper/1", b.getObject(Column.COMM, 0));
        assertEquals(36, b.getInt(Column.IRQ, 0));
        assertEquals("virtio1-req.0", b.getObject(Column.IRQ_NAME, 0));
        assertEquals(1_200, b.getLong(Column.DUR_NS, 0));
        assertEquals(1, b.getLong(Column.RET, 0));
        assertEquals("virtio1-req.1", b.getObject(Column.IRQ_NAME, 1));
        assertEquals(EventKind.SOFTIRQ, b.kind(2));
        assertEquals(43, b.getInt(Column.TID, 2));
        assertEquals(3, b.getInt(Column.IRQ, 2));
        assertEquals("NET_RX", b.getObject(Column.IRQ_NAME, 2));
        assertEquals(800, b.getLong(Column.DUR_NS, 2));
        assertFalse(b.has(Column.RET, 2));
    }

    @Test
    void memRowsCountBytesOfTheRecordingHostsPagesAndWeighFaults() {
        long page = dev.jrec.bpf.libbpf.Native.pageSize();
        StructLayout rl = EventLayouts.RECLAIM;
        MemorySegment rec = record(rl, dev.jrec.bpf.events.EventKind.MEMCG_RECLAIM, 50, 51, 7_000, "dd");
        rec.set(JAVA_LONG_UNALIGNED, offset(rl, "duration_ns"), 3_000);
        rec.set(JAVA_LONG_UNALIGNED, offset(rl, "nr_reclaimed"), 32);
        decoder.onRecord(rec, 0, (int) rl.byteSize());
        rec.set(JAVA_SHORT_UNALIGNED, 0, (short) dev.jrec.bpf.events.EventKind.DIRECT_RECLAIM);
        rec.set(JAVA_INT_UNALIGNED, offset(rl, "order"), 3);
        decoder.onRecord(rec, 0, (int) rl.byteSize());
        StructLayout fl = EventLayouts.FAULT;
        MemorySegment f = record(fl, dev.jrec.bpf.events.EventKind.MAJOR_FAULT, 60, 61, 8_000, "python3");
        f.set(JAVA_LONG_UNALIGNED, offset(fl, "addr"), 0x7f00_0000_1000L);
        f.set(JAVA_LONG_UNALIGNED, offset(fl, "weight"), 64);
        f.set(JAVA_INT_UNALIGNED, offset(fl, "ustack_id"), -14); // no user stack: no stack row, no stack_id
        decoder.onRecord(f, 0, (int) fl.byteSize());
        StructLayout sl = EventLayouts.RSS;
        MemorySegment r = record(sl, dev.jrec.bpf.events.EventKind.RSS, 60, 61, 9_000, "python3");
        r.set(JAVA_LONG_UNALIGNED, offset(sl, "file_pages"), 10);
        r.set(JAVA_LONG_UNALIGNED, offset(sl, "anon_pages"), 20);
        r.set(JAVA_LONG_UNALIGNED, offset(sl, "swap_entries"), 1);
        r.set(JAVA_LONG_UNALIGNED, offset(sl, "shmem_pages"), 2);
        decoder.onRecord(r, 0, (int) sl.byteSize());
        EventBatch b = decoder.batch();
        assertEquals(EventKind.MEMCG_RECLAIM, b.kind(0));
        assertEquals(3_000, b.getLong(Column.DUR_NS, 0));
        assertEquals(32 * page, b.getLong(Column.BYTES, 0));
        assertEquals(0, b.getInt(Column.ALLOC_ORDER, 0));
        assertEquals(EventKind.DIRECT_RECLAIM, b.kind(1));
        assertEquals(3, b.getInt(Column.ALLOC_ORDER, 1));
        assertEquals(EventKind.MAJOR_FAULT, b.kind(2));
        assertEquals(0x7f00_0000_1000L, b.getLong(Column.ADDR, 2));
        assertEquals(64, b.getLong(Column.WEIGHT, 2));
        assertFalse(b.has(Column.STACK_ID, 2));
        assertEquals(EventKind.RSS, b.kind(3));
        assertEquals(61, b.getInt(Column.TID, 3));
        assertEquals(20 * page, b.getLong(Column.RSS_ANON, 3));
        assertEquals(10 * page, b.getLong(Column.RSS_FILE, 3));
        assertEquals(2 * page, b.getLong(Column.RSS_SHMEM, 3));
        assertEquals(page, b.getLong(Column.SWAP, 3));
    }

    @Test
    void lockRowsNumberLocksAndNameTypesAndFutexOps() throws Exception {
        Path kallsyms = Files.createTempFile("kallsyms", "");
        Files.writeString(kallsyms, """
                ffffffff81000000 T _stext
                ffffffff83a0c180 d rcu_state
                ffffffff83a0e000 b jiffies_lock
                ffffffff83b00000 B _end
                ffffffffc0a01000 d some_module_var	[kvm]
                """);
        decoder.lockNames(new LockNames(kallsyms));
        Files.delete(kallsyms);
        StructLayout l = EventLayouts.LOCK_CONTENTION;
        long[][] locks = {{0xffff888012345678L, 4, 1}, {0xffffffff83a0c1c0L, 1, 0}, {0xffff888012345678L, 2, 1}, {0xffff8880aaaa0000L, 32, 0}};
        for (long[] k : locks) {
            MemorySegment s = record(l, dev.jrec.bpf.events.EventKind.LOCK_CONTENTION, 42, 43, 9_000, "java");
            s.set(JAVA_LONG_UNALIGNED, offset(l, "lock"), k[0]);
            s.set(JAVA_LONG_UNALIGNED, offset(l, "duration_ns"), 3_000);
            s.set(JAVA_INT_UNALIGNED, offset(l, "lcb_flags"), (int) k[1]);
            s.set(JAVA_INT_UNALIGNED, offset(l, "ret"), 0);
            s.set(JAVA_INT_UNALIGNED, offset(l, "kstack_id"), -14);
            s.set(JAVA_INT_UNALIGNED, offset(l, "lock_class"), (int) k[2]);
            decoder.onRecord(s, 0, (int) l.byteSize());
        }
        List<EventBatch> all = new ArrayList<>(handed);
        all.add(decoder.batch());
        List<Object[]> rows = new ArrayList<>();
        for (EventBatch b : all) for (int r = 0; r < b.size(); r++) {
            rows.add(new Object[] {b.kind(r), b.getLong(Column.LOCK_ID, r), b.getObject(Column.LOCK_NAME, r), b.getObject(Column.LOCK_TYPE, r),
                    b.getLong(Column.FLAGS, r), b.getLong(Column.DUR_NS, r), b.has(Column.STACK_ID, r)});
        }
        assertEquals(4, rows.size());
        assertEquals(EventKind.LOCK_CONTENTION, rows.get(0)[0]);
        assertEquals(List.of(1L, 2L, 1L, 3L), rows.stream().map(r -> r[1]).toList(), "one number per lock address, never the address");
        assertEquals(java.util.Arrays.asList("mmap_lock", "rcu_state", "mmap_lock", null), rows.stream().map(r -> r[2]).toList());
        assertEquals(List.of("rwsem:W", "spinlock", "rwsem:R", "mutex"), rows.stream().map(r -> r[3]).toList());
        assertEquals(3_000L, rows.get(0)[5]);
        assertEquals(false, rows.get(0)[6], "no stack without a stack source map");
    }

    @Test
    void lockTypesAndFutexOpsAreNamedAsPerfAndTheUapiName() {
        assertEquals("spinlock", LockNames.type(1));
        assertEquals("rwlock:R", LockNames.type(1 | 2));
        assertEquals("rwlock:W", LockNames.type(1 | 4));
        assertEquals("mutex", LockNames.type(32));
        assertEquals("mutex", LockNames.type(32 | 1), "a mutex spinning on its owner");
        assertEquals("rwsem:R", LockNames.type(2));
        assertEquals("rwsem:W", LockNames.type(4));
        assertEquals("rtmutex", LockNames.type(8));
        assertEquals("percpu-rwsem:W", LockNames.type(16 | 4));
        assertEquals("WAIT_BITSET", EventRows.futexOp(128 | 9));
        assertEquals("WAKE", EventRows.futexOp(128 | 1));
        assertEquals("LOCK_PI2", EventRows.futexOp(256 | 13));
        assertEquals("OP_99", EventRows.futexOp(99));
    }

    @Test
    void futexRowsKeepTheExitTheWordAndTheOp() {
        StructLayout l = EventLayouts.FUTEX;
        MemorySegment s = record(l, dev.jrec.bpf.events.EventKind.FUTEX_WAIT, 42, 44, 20_000, "worker");
        s.set(JAVA_LONG_UNALIGNED, offset(l, "uaddr"), 0x7f0012340040L);
        s.set(JAVA_LONG_UNALIGNED, offset(l, "duration_ns"), 5_000);
        s.set(JAVA_LONG_UNALIGNED, offset(l, "ret"), -110);
        s.set(JAVA_INT_UNALIGNED, offset(l, "op"), 128 | 9);
        s.set(JAVA_INT_UNALIGNED, offset(l, "ustack_id"), 3);
        decoder.onRecord(s, 0, (int) l.byteSize());
        MemorySegment w = record(l, dev.jrec.bpf.events.EventKind.FUTEX_WAKE, 42, 45, 21_000, "waker");
        w.set(JAVA_LONG_UNALIGNED, offset(l, "uaddr"), 0x7f0012340040L);
        w.set(JAVA_LONG_UNALIGNED, offset(l, "duration_ns"), 900);
        w.set(JAVA_LONG_UNALIGNED, offset(l, "ret"), 1);
        w.set(JAVA_INT_UNALIGNED, offset(l, "op"), 128 | 1);
        w.set(JAVA_INT_UNALIGNED, offset(l, "ustack_id"), -14);
        decoder.onRecord(w, 0, (int) l.byteSize());
        EventBatch b = decoder.batch();
        assertEquals(EventKind.FUTEX_WAIT, b.kind(0));
        assertEquals(20_000, b.ts(0), "the exit");
        assertEquals(44, b.getInt(Column.TID, 0));
        assertEquals(0x7f0012340040L, b.getLong(Column.UADDR, 0));
        assertEquals("WAIT_BITSET", b.getObject(Column.FUTEX_OP, 0));
        assertEquals(137, b.getLong(Column.FLAGS, 0));
        assertEquals(-110, b.getLong(Column.RET, 0));
        assertEquals(5_000, b.getLong(Column.DUR_NS, 0));
        assertEquals(EventKind.FUTEX_WAKE, b.kind(1));
        assertEquals("WAKE", b.getObject(Column.FUTEX_OP, 1));
        assertEquals(1, b.getLong(Column.RET, 1));
        assertEquals("waker", b.getObject(Column.COMM, 1));
    }

    @Test
    void wakeupNamesTheWokenTaskAndTheWaker() {
        StructLayout l = EventLayouts.SCHED_WAKEUP;
        MemorySegment s = record(l, dev.jrec.bpf.events.EventKind.SCHED_WAKEUP, 1, 2, 9, "waker");
        s.set(JAVA_INT_UNALIGNED, offset(l, "target_pid"), 30);
        s.set(JAVA_INT_UNALIGNED, offset(l, "target_tid"), 31);
        s.set(JAVA_INT_UNALIGNED, offset(l, "target_cpu"), 1);
        str(s, offset(l, "target_comm"), "woken");
        decoder.onRecord(s, 0, (int) l.byteSize());
        EventBatch b = decoder.batch();
        assertEquals(31, b.getInt(Column.TID, 0));
        assertEquals("woken", b.getObject(Column.COMM, 0));
        assertEquals(2, b.getInt(Column.WAKER_TID, 0));
        assertEquals(1, b.getInt(Column.TARGET_CPU, 0));
    }

    @Test
    void fullBatchesAreHandedOnAndUnknownKindsCounted() {
        StructLayout l = EventLayouts.PROC_EXIT;
        for (int i = 0; i < 9; i++) decoder.onRecord(record(l, dev.jrec.bpf.events.EventKind.PROC_EXIT, 1, 1, i, "x"), 0, (int) l.byteSize());
        assertEquals(2, handed.size(), "batches of 4 rows: two handed on, one being filled");
        decoder.onRecord(record(l, 999, 1, 1, 0, "x"), 0, (int) l.byteSize());
        assertEquals(1, decoder.unknownRecords());
    }

    @Test
    void argvSplitsOnNulAndKeepsACutLastArgument() {
        MemorySegment s = Arena.ofAuto().allocate(32);
        str(s, 0, "ls\0-l\0/tm");
        assertArrayEquals(new String[] {"ls", "-l", "/tm"}, EventRows.argv(s, 0, 10));
        str(s, 0, "ls\0-l\0");
        assertArrayEquals(new String[] {"ls", "-l"}, EventRows.argv(s, 0, 6));
    }
}
