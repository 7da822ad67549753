package dev.jrec.bpf.events;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.jrec.bpf.events.EventLayouts.offset;
import static dev.jrec.bpf.events.Header.cstring;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** A decoded record. Decoding allocates; use Header's accessors to filter first. */
public sealed interface Event {
    Header hdr();

    /** Decodes the record of length len at off, checking it is as long as its kind needs. */
    static Event decode(MemorySegment s, long off, int len) {
        int kind = Header.kind(s, off);
        StructLayout layout = switch (kind) {
            case EventKind.SCHED_SWITCH -> EventLayouts.SCHED_SWITCH;
            case EventKind.SCHED_WAKEUP, EventKind.SCHED_WAKEUP_NEW, EventKind.SCHED_MIGRATE -> EventLayouts.SCHED_WAKEUP;
            case EventKind.PROC_EXEC -> EventLayouts.PROC_EXEC;
            case EventKind.PROC_FORK -> EventLayouts.PROC_FORK;
            case EventKind.PROC_EXIT -> EventLayouts.PROC_EXIT;
            case EventKind.BLOCK_RQ_ISSUE, EventKind.BLOCK_RQ_COMPLETE, EventKind.BLOCK_IO_START,
                 EventKind.BLOCK_IO_DONE -> EventLayouts.BLOCK;
            case EventKind.SYSCALL -> EventLayouts.SYSCALL;
            case EventKind.SYSCALL_PATH -> EventLayouts.SYSCALL_PATH;
            default -> throw new IllegalArgumentException("unknown event kind " + kind + " (" + len + " bytes)");
        };
        if (len < layout.byteSize()) {
            throw new IllegalArgumentException(EventKind.name(kind) + " record of " + len + " bytes, needs " + layout.byteSize());
        }
        return switch (kind) {
            case EventKind.SCHED_SWITCH -> SchedSwitch.decode(s, off);
            case EventKind.SCHED_WAKEUP, EventKind.SCHED_WAKEUP_NEW, EventKind.SCHED_MIGRATE -> SchedWakeup.decode(s, off);
            case EventKind.PROC_EXEC -> ProcExec.decode(s, off);
            case EventKind.PROC_FORK -> ProcFork.decode(s, off);
            case EventKind.PROC_EXIT -> ProcExit.decode(s, off);
            case EventKind.SYSCALL, EventKind.SYSCALL_PATH -> Syscall.decode(s, off);
            default -> Block.decode(s, off);
        };
    }

    private static int i32(MemorySegment s, long off, StructLayout l, String f) {
        return s.get(JAVA_INT, off + offset(l, f));
    }

    private static long i64(MemorySegment s, long off, StructLayout l, String f) {
        return s.get(JAVA_LONG, off + offset(l, f));
    }

    private static String str(MemorySegment s, long off, StructLayout l, String f, int max) {
        return cstring(s, off + offset(l, f), max);
    }

    /** hdr names prev. */
    record SchedSwitch(Header hdr, int nextPid, int nextTid, int prevPrio, int nextPrio, long prevState,
                       long prevOncpuNs, long nextRqWaitNs, String nextComm) implements Event {
        static SchedSwitch decode(MemorySegment s, long o) {
            StructLayout l = EventLayouts.SCHED_SWITCH;
            return new SchedSwitch(Header.decode(s, o), i32(s, o, l, "next_pid"), i32(s, o, l, "next_tid"),
                    i32(s, o, l, "prev_prio"), i32(s, o, l, "next_prio"), i64(s, o, l, "prev_state"),
                    i64(s, o, l, "prev_oncpu_ns"), i64(s, o, l, "next_rq_wait_ns"),
                    str(s, o, l, "next_comm", EventLayouts.COMM_LEN));
        }

        public boolean preempted() {
            return (hdr.flags() & EventFlags.PREEMPT) != 0;
        }
    }

    /** Wakeup, wakeup_new or migrate (by hdr.kind); hdr names the current task. origCpu is -1 but for migrate. */
    record SchedWakeup(Header hdr, int targetPid, int targetTid, int targetPrio, int targetCpu, int origCpu,
                       String targetComm) implements Event {
        static SchedWakeup decode(MemorySegment s, long o) {
            StructLayout l = EventLayouts.SCHED_WAKEUP;
            return new SchedWakeup(Header.decode(s, o), i32(s, o, l, "target_pid"), i32(s, o, l, "target_tid"),
                    i32(s, o, l, "target_prio"), i32(s, o, l, "target_cpu"), i32(s, o, l, "orig_cpu"),
                    str(s, o, l, "target_comm", EventLayouts.COMM_LEN));
        }
    }

    /** argv split at NULs; argsSize &gt; bytes read when truncated. */
    record ProcExec(Header hdr, int ppid, int oldTid, String filename, List<String> argv, int argsSize) implements Event {
        static ProcExec decode(MemorySegment s, long o) {
            StructLayout l = EventLayouts.PROC_EXEC;
            int len = Math.min(i32(s, o, l, "args_len"), EventLayouts.ARGS_LEN);
            byte[] args = new byte[len];
            MemorySegment.copy(s, JAVA_BYTE, o + offset(l, "args"), args, 0, len);
            List<String> argv = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= len; i++) {
                if (i == len || args[i] == 0) {
                    if (i > start || i < len) {
                        argv.add(new String(args, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return new ProcExec(Header.decode(s, o), i32(s, o, l, "ppid"), i32(s, o, l, "old_tid"),
                    str(s, o, l, "filename", EventLayouts.PATH_LEN), List.copyOf(argv), i32(s, o, l, "args_size"));
        }
    }

    /** hdr names the parent. */
    record ProcFork(Header hdr, int childPid, int childTid, String childComm) implements Event {
        static ProcFork decode(MemorySegment s, long o) {
            StructLayout l = EventLayouts.PROC_FORK;
            return new ProcFork(Header.decode(s, o), i32(s, o, l, "child_pid"), i32(s, o, l, "child_tid"),
                    str(s, o, l, "child_comm", EventLayouts.COMM_LEN));
        }
    }

    /** exitCode as wait(2) reports it: (status &lt;&lt; 8) | signal. */
    record ProcExit(Header hdr, int exitCode, int ppid) implements Event {
        static ProcExit decode(MemorySegment s, long o) {
            StructLayout l = EventLayouts.PROC_EXIT;
            return new ProcExit(Header.decode(s, o), i32(s, o, l, "exit_code"), i32(s, o, l, "ppid"));
        }
    }

    /** dev is the kernel's dev_t: major = dev &gt;&gt;&gt; 20, minor = dev &amp; 0xfffff. */
    record Block(Header hdr, int dev, int nrBytes, long sector, long latencyNs, int issuePid, int issueTid,
                 int error, int cmdFlags, String rwbs, String issueComm) implements Event {
        static Block decode(MemorySegment s, long o) {
            StructLayout l = EventLayouts.BLOCK;
            return new Block(Header.decode(s, o), i32(s, o, l, "dev"), i32(s, o, l, "nr_bytes"), i64(s, o, l, "sector"),
                    i64(s, o, l, "latency_ns"), i32(s, o, l, "issue_pid"), i32(s, o, l, "issue_tid"),
                    i32(s, o, l, "error"), i32(s, o, l, "cmd_flags"), str(s, o, l, "rwbs", 8),
                    str(s, o, l, "issue_comm", EventLayouts.COMM_LEN));
        }

        public int major() {
            return dev >>> 20;
        }

        public int minor() {
            return dev & 0xfffff;
        }
    }

    /** hdr.ts is the entry time; path is null unless hdr.kind is SYSCALL_PATH. */
    record Syscall(Header hdr, int id, long durationNs, long ret, long flags, String path) implements Event {
        static Syscall decode(MemorySegment s, long o) {
            StructLayout l = EventLayouts.SYSCALL;
            String path = Header.kind(s, o) == EventKind.SYSCALL_PATH
                    ? str(s, o, EventLayouts.SYSCALL_PATH, "path", EventLayouts.PATH_LEN) : null;
            return new Syscall(Header.decode(s, o), i32(s, o, l, "id"), i64(s, o, l, "duration_ns"),
                    i64(s, o, l, "ret"), i64(s, o, l, "flags"), path);
        }
    }
}
