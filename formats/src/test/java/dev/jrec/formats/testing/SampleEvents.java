package dev.jrec.formats.testing;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.ColumnType;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.EventBatch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Deterministic capture content for tests: realistic rows of every kind. */
public final class SampleEvents {
    private static final String[] COMMS = {"java", "postgres", "kworker/0:1", "nginx", "bash"};
    private static final String[] SYSCALLS = {"read", "write", "openat", "futex", "epoll_wait"};

    private SampleEvents() {}

    public static Map<String, String> recordingMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MetadataKeys.JREC_VERSION, "test");
        m.put(MetadataKeys.HOST, "testhost");
        m.put(MetadataKeys.KERNEL_RELEASE, "6.18.0-test");
        m.put(MetadataKeys.CPU_COUNT, "2");
        m.put(MetadataKeys.START_TS, "1000000000");
        m.put(MetadataKeys.CLOCK_REALTIME_OFFSET, "1764000000000000000");
        m.put(MetadataKeys.SOURCES, "sched,proc,block,syscall");
        m.put(MetadataKeys.COMMAND_LINE, "jrec record -d 1s");
        return m;
    }

    /** Adds one row of {@code kind} at {@code ts} with every column that kind uses set from {@code rnd}. */
    public static int add(EventBatch b, EventKind kind, long ts, Random rnd) {
        int r = b.add(kind, ts);
        int tid = 100 + rnd.nextInt(50);
        b.setInt(Column.CPU, r, rnd.nextInt(2));
        b.setInt(Column.PID, r, tid - tid % 5);
        b.setInt(Column.TID, r, tid);
        b.setString(Column.COMM, r, COMMS[tid % COMMS.length]);
        switch (kind) {
            case SCHED_SWITCH -> {
                b.setInt(Column.PRIO, r, 120);
                b.setLong(Column.PREV_STATE, r, rnd.nextInt(3));
                int next = 100 + rnd.nextInt(50);
                b.setInt(Column.NEXT_PID, r, next - next % 5);
                b.setInt(Column.NEXT_TID, r, next);
                b.setString(Column.NEXT_COMM, r, COMMS[next % COMMS.length]);
                b.setInt(Column.NEXT_PRIO, r, 120);
                b.setLong(Column.DUR_NS, r, 1000 + rnd.nextInt(1_000_000));
                b.setLong(Column.WAIT_NS, r, rnd.nextInt(100_000));
            }
            case SCHED_WAKEUP, SCHED_WAKEUP_NEW -> {
                b.setInt(Column.PRIO, r, 120);
                b.setInt(Column.TARGET_CPU, r, rnd.nextInt(2));
            }
            case SCHED_MIGRATE -> {
                b.setInt(Column.ORIG_CPU, r, 0);
                b.setInt(Column.TARGET_CPU, r, 1);
            }
            case PROC_EXEC -> {
                b.setInt(Column.PPID, r, 1);
                b.setString(Column.FILENAME, r, "/bin/true");
                b.setStrings(Column.ARGV, r, new String[] {"true", "--arg", String.valueOf(rnd.nextInt(9))});
            }
            case PROC_FORK -> {
                b.setInt(Column.CHILD_PID, r, 5000 + rnd.nextInt(100));
                b.setInt(Column.CHILD_TID, r, 5000 + rnd.nextInt(100));
            }
            case PROC_EXIT -> b.setInt(Column.EXIT_CODE, r, rnd.nextInt(2) << 8);
            case OOM_KILL -> {
                b.setLong(Column.BYTES, r, (1L << 20) * (1 + rnd.nextInt(4096)));
                b.setInt(Column.OOM_SCORE_ADJ, r, rnd.nextInt(2) * 1000);
            }
            case TCP_STATE, TCP_ACCEPT, TCP_RETRANSMIT, TCP_SEND_RESET, TCP_RECEIVE_RESET, TCP_DROP -> {
                b.setString(Column.SADDR, r, "10.0.0.1");
                b.setString(Column.DADDR, r, rnd.nextBoolean() ? "10.0.0.2" : "2001:db8::2");
                b.setInt(Column.SPORT, r, 40000 + rnd.nextInt(1000));
                b.setInt(Column.DPORT, r, rnd.nextBoolean() ? 443 : 5432);
                b.setString(Column.TCP_STATE, r, rnd.nextBoolean() ? "ESTABLISHED" : "CLOSE");
                b.setLong(Column.CONN_ID, r, rnd.nextInt(64));
                if (kind == EventKind.TCP_STATE) {
                    b.setString(Column.OLD_TCP_STATE, r, "FIN_WAIT2");
                    b.setLong(Column.RX_BYTES, r, rnd.nextInt(1 << 20));
                    b.setLong(Column.TX_BYTES, r, rnd.nextInt(1 << 20));
                    b.setLong(Column.DUR_NS, r, 1_000_000 + rnd.nextInt(1_000_000_000));
                }
                if (kind == EventKind.TCP_DROP) {
                    b.setString(Column.REASON, r, "NO_SOCKET");
                    b.setString(Column.FUNC, r, "tcp_v4_rcv");
                    b.setLong(Column.FLAGS, r, 0x02);
                }
            }
            case SIGNAL -> {
                b.setInt(Column.SIGNAL, r, rnd.nextBoolean() ? 15 : 17);
                b.setInt(Column.TARGET_PID, r, 5000 + rnd.nextInt(100));
                b.setInt(Column.TARGET_TID, r, 5000 + rnd.nextInt(100));
                b.setString(Column.TARGET_COMM, r, COMMS[rnd.nextInt(COMMS.length)]);
                b.setString(Column.REASON, r, "delivered");
            }
            case HUNG_TASK -> b.setLong(Column.PREV_STATE, r, 2);
            case BLOCK_RQ_ISSUE, BLOCK_RQ_COMPLETE -> {
                b.setInt(Column.DEV, r, (254 << 20));
                b.setString(Column.DISK, r, "vda");
                b.setLong(Column.SECTOR, r, rnd.nextInt(1 << 20) * 8L);
                b.setLong(Column.BYTES, r, 4096L << rnd.nextInt(4));
                b.setString(Column.RWBS, r, rnd.nextBoolean() ? "W" : "RA");
                if (kind == EventKind.BLOCK_RQ_COMPLETE) b.setLong(Column.DUR_NS, r, 50_000 + rnd.nextInt(5_000_000));
            }
            case SYSCALL -> {
                int nr = rnd.nextInt(SYSCALLS.length);
                b.setInt(Column.SYSCALL_NR, r, nr);
                b.setString(Column.SYSCALL, r, SYSCALLS[nr]);
                b.setLong(Column.DUR_NS, r, 200 + rnd.nextInt(100_000));
                b.setLong(Column.RET, r, rnd.nextInt(10) == 0 ? -2 : rnd.nextInt(4096));
                if (SYSCALLS[nr].equals("openat")) {
                    b.setString(Column.PATH, r, "/etc/file" + rnd.nextInt(10));
                    b.setLong(Column.FLAGS, r, 0x80000);
                }
            }
            case HARDIRQ -> {
                int irq = rnd.nextInt(2);
                b.setInt(Column.IRQ, r, 36 + irq);
                b.setString(Column.IRQ_NAME, r, irq == 0 ? "virtio1-req.0" : "virtio2-input.0");
                b.setLong(Column.DUR_NS, r, 500 + rnd.nextInt(20_000));
                b.setLong(Column.RET, r, 1);
            }
            case SOFTIRQ -> {
                int vec = 1 + rnd.nextInt(3); // TIMER, NET_TX, NET_RX
                b.setInt(Column.IRQ, r, vec);
                b.setString(Column.IRQ_NAME, r, new String[] {"HI", "TIMER", "NET_TX", "NET_RX"}[vec]);
                b.setLong(Column.DUR_NS, r, 300 + rnd.nextInt(100_000));
            }
            case LOCK_CONTENTION -> {
                int lock = rnd.nextInt(3);
                b.setLong(Column.LOCK_ID, r, 1 + lock);
                b.setString(Column.LOCK_NAME, r, lock == 0 ? "mmap_lock" : lock == 1 ? "rcu_state" : null);
                b.setString(Column.LOCK_TYPE, r, lock == 0 ? "rwsem:W" : lock == 1 ? "spinlock" : "mutex");
                b.setLong(Column.FLAGS, r, lock == 0 ? 4 : lock == 1 ? 1 : 32);
                b.setLong(Column.DUR_NS, r, 1_000 + rnd.nextInt(2_000_000));
                b.setLong(Column.RET, r, 0);
                b.setLong(Column.STACK_ID, r, rnd.nextInt(4));
            }
            case FUTEX_WAIT -> {
                b.setLong(Column.UADDR, r, 0x7f0000001000L + 64L * rnd.nextInt(3));
                b.setString(Column.FUTEX_OP, r, "WAIT_BITSET");
                b.setLong(Column.FLAGS, r, 128 | 9);
                b.setLong(Column.DUR_NS, r, 5_000 + rnd.nextInt(5_000_000));
                b.setLong(Column.RET, r, rnd.nextInt(10) == 0 ? -11 : 0);
                b.setLong(Column.STACK_ID, r, rnd.nextInt(4));
            }
            case FUTEX_WAKE -> {
                b.setLong(Column.UADDR, r, 0x7f0000001000L + 64L * rnd.nextInt(3));
                b.setString(Column.FUTEX_OP, r, "WAKE");
                b.setLong(Column.FLAGS, r, 128 | 1);
                b.setLong(Column.DUR_NS, r, 1_000 + rnd.nextInt(20_000));
                b.setLong(Column.RET, r, 1);
            }
            case CPU_SAMPLE -> b.setLong(Column.STACK_ID, r, rnd.nextInt(4));
            case OFFCPU -> {
                b.setLong(Column.STACK_ID, r, rnd.nextInt(4));
                b.setLong(Column.DUR_NS, r, 1_000_000 + rnd.nextInt(10_000_000));
                b.setLong(Column.PREV_STATE, r, 1);
                b.setInt(Column.WAKER_TID, r, 100 + rnd.nextInt(50));
                b.setLong(Column.WAKER_STACK_ID, r, rnd.nextInt(4));
            }
            case LOSS -> {
                b.setString(Column.SOURCE, r, "sched");
                b.setString(Column.REASON, r, "ringbuf_full");
                b.setLong(Column.LOST, r, 1 + rnd.nextInt(100));
                b.setLong(Column.DUR_NS, r, 1_000_000_000L);
            }
            case THREAD -> {
                b.setInt(Column.PPID, r, 1);
                b.setString(Column.CMDLINE, r, "/usr/bin/" + COMMS[tid % COMMS.length] + " --serve");
                b.setString(Column.CGROUP, r, "/system.slice/test.service");
                b.setLong(Column.CGROUP_ID, r, 4242);
                b.setLong(Column.START_TS, r, ts - 1000);
            }
            case STACK -> {
                b.setLong(Column.STACK_ID, r, rnd.nextInt(4));
                b.setLongs(Column.FRAME_IDS, r, new long[] {rnd.nextInt(3), 10, 11});
                b.setString(Column.UNWIND, r, "fp");
            }
            case FRAME -> {
                b.setLong(Column.FRAME_ID, r, rnd.nextInt(12));
                b.setString(Column.FUNC, r, "do_work");
                b.setString(Column.MODULE, r, "/usr/bin/app");
                b.setLong(Column.FUNC_OFFSET, r, 0x1c);
                b.setString(Column.BUILD_ID, r, "8e3a0f5c9d");
                b.setLong(Column.FILE_OFFSET, r, 0x11c0);
                b.setLong(Column.ADDR, r, 0x5555555551c0L);
            }
        }
        return r;
    }

    /** A copy of row {@code r} as column id → value, nulls left out, for comparisons. */
    public static Map<String, Object> row(EventBatch b, int r) {
        Map<String, Object> m = new java.util.TreeMap<>();
        m.put("ts", b.ts(r));
        m.put("kind", b.kind(r).id());
        for (Column c : Column.values()) {
            if (c.required() || !b.has(c, r)) continue;
            Object v = switch (c.type()) {
                case INT32 -> b.getInt(c, r);
                case INT64 -> b.getLong(c, r);
                case STRING -> b.getObject(c, r);
                case STRING_LIST -> java.util.List.of((String[]) b.getObject(c, r));
                case INT64_LIST -> java.util.Arrays.stream((long[]) b.getObject(c, r)).boxed().toList();
            };
            m.put(c.id(), v);
        }
        return m;
    }

    public static boolean isList(Column c) {
        return c.type() == ColumnType.STRING_LIST || c.type() == ColumnType.INT64_LIST;
    }
}
