package dev.jrec.bpf.events;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.Map;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Mirrors of the structs in jrec_events.h, member names as in C: the one table of the wire format's
 * offsets, which EventDecoder reads by. EventLayoutsTest compares every offset and size with the BTF
 * of the built objects, so a member added in C and not here fails it.
 */
public final class EventLayouts {
    private EventLayouts() {}

    public static final int COMM_LEN = 16;
    public static final int PATH_LEN = 256;
    public static final int ARGS_LEN = 512;
    public static final int IRQ_NAME_LEN = 32;

    private static MemoryLayout chars(int n, String name) {
        return sequenceLayout(n, JAVA_BYTE).withName(name);
    }

    public static final StructLayout HDR = structLayout(
            JAVA_SHORT.withName("kind"), JAVA_SHORT.withName("cpu"),
            JAVA_INT.withName("pid"), JAVA_INT.withName("tid"), JAVA_INT.withName("flags"),
            JAVA_LONG.withName("ts"), chars(COMM_LEN, "comm")).withName("jrec_hdr");

    public static final StructLayout SCHED_SWITCH = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("next_pid"), JAVA_INT.withName("next_tid"),
            JAVA_INT.withName("prev_prio"), JAVA_INT.withName("next_prio"),
            JAVA_LONG.withName("prev_state"), JAVA_LONG.withName("prev_oncpu_ns"),
            JAVA_LONG.withName("next_rq_wait_ns"), chars(COMM_LEN, "next_comm")).withName("jrec_sched_switch");

    public static final StructLayout SCHED_WAKEUP = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("target_pid"), JAVA_INT.withName("target_tid"),
            JAVA_INT.withName("target_prio"), JAVA_INT.withName("target_cpu"),
            JAVA_INT.withName("orig_cpu"), JAVA_INT.withName("_pad"),
            chars(COMM_LEN, "target_comm")).withName("jrec_sched_wakeup");

    public static final StructLayout PROC_EXEC = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("ppid"), JAVA_INT.withName("old_tid"),
            JAVA_INT.withName("args_len"), JAVA_INT.withName("args_size"),
            chars(PATH_LEN, "filename"), chars(ARGS_LEN, "args"), JAVA_LONG.withName("cgroup_id")).withName("jrec_proc_exec");

    public static final StructLayout PROC_FORK = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("child_pid"), JAVA_INT.withName("child_tid"),
            chars(COMM_LEN, "child_comm"), JAVA_LONG.withName("cgroup_id")).withName("jrec_proc_fork");

    public static final StructLayout PROC_EXIT = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("exit_code"), JAVA_INT.withName("ppid")).withName("jrec_proc_exit");

    public static final StructLayout OOM_KILL = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("oom_score_adj"), JAVA_INT.withName("uid"), JAVA_LONG.withName("total_vm_kb"),
            JAVA_LONG.withName("anon_rss_kb"), JAVA_LONG.withName("file_rss_kb"), JAVA_LONG.withName("shmem_rss_kb"),
            JAVA_LONG.withName("pgtables_kb")).withName("jrec_oom_kill");

    public static final StructLayout SIGNAL = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("target_pid"), JAVA_INT.withName("target_tid"), JAVA_INT.withName("sig"),
            JAVA_INT.withName("result"), JAVA_INT.withName("group"), JAVA_INT.withName("_pad"),
            chars(COMM_LEN, "target_comm")).withName("jrec_signal");

    public static final StructLayout HUNG_TASK = structLayout(HDR.withName("hdr"),
            JAVA_LONG.withName("state")).withName("jrec_hung_task");

    public static final StructLayout BLOCK = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("dev"), JAVA_INT.withName("nr_bytes"), JAVA_LONG.withName("sector"),
            JAVA_LONG.withName("latency_ns"), JAVA_INT.withName("issue_pid"), JAVA_INT.withName("issue_tid"),
            JAVA_INT.withName("error"), JAVA_INT.withName("cmd_flags"), chars(8, "rwbs"),
            chars(COMM_LEN, "issue_comm")).withName("jrec_block");

    public static final StructLayout SYSCALL = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("id"), JAVA_INT.withName("fd"), JAVA_LONG.withName("duration_ns"),
            JAVA_LONG.withName("ret"), JAVA_LONG.withName("flags")).withName("jrec_syscall");

    public static final StructLayout SYSCALL_PATH = structLayout(SYSCALL.withName("sc"),
            chars(PATH_LEN, "path")).withName("jrec_syscall_path");

    public static final StructLayout CPU_SAMPLE = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("kstack_id"), JAVA_INT.withName("ustack_id")).withName("jrec_cpu_sample");

    public static final StructLayout OFFCPU = structLayout(HDR.withName("hdr"),
            JAVA_LONG.withName("start_ts"), JAVA_LONG.withName("duration_ns"), JAVA_LONG.withName("state"),
            JAVA_INT.withName("kstack_id"), JAVA_INT.withName("ustack_id"),
            JAVA_INT.withName("waker_pid"), JAVA_INT.withName("waker_tid"),
            JAVA_INT.withName("waker_kstack_id"), JAVA_INT.withName("waker_ustack_id"),
            chars(COMM_LEN, "waker_comm")).withName("jrec_offcpu");

    public static final StructLayout TCP = structLayout(HDR.withName("hdr"),
            JAVA_SHORT.withName("family"), JAVA_SHORT.withName("sport"), JAVA_SHORT.withName("dport"),
            JAVA_BYTE.withName("old_state"), JAVA_BYTE.withName("state"), chars(16, "saddr"), chars(16, "daddr"),
            JAVA_LONG.withName("sk"), JAVA_LONG.withName("duration_ns"), JAVA_LONG.withName("rx_bytes"),
            JAVA_LONG.withName("tx_bytes"), JAVA_INT.withName("reason"), JAVA_INT.withName("tcp_flags"),
            JAVA_LONG.withName("location")).withName("jrec_tcp");
    public static final StructLayout HARDIRQ = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("irq"), JAVA_INT.withName("ret"), JAVA_LONG.withName("duration_ns"),
            chars(IRQ_NAME_LEN, "name")).withName("jrec_hardirq");

    public static final StructLayout SOFTIRQ = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("vec"), JAVA_INT.withName("_pad"), JAVA_LONG.withName("duration_ns")).withName("jrec_softirq");

    public static final StructLayout RECLAIM = structLayout(HDR.withName("hdr"),
            JAVA_LONG.withName("duration_ns"), JAVA_LONG.withName("nr_reclaimed"), JAVA_INT.withName("order"),
            JAVA_INT.withName("_pad")).withName("jrec_reclaim");

    public static final StructLayout FAULT = structLayout(HDR.withName("hdr"),
            JAVA_LONG.withName("addr"), JAVA_LONG.withName("weight"), JAVA_INT.withName("ustack_id"),
            JAVA_INT.withName("_pad")).withName("jrec_fault");

    public static final StructLayout RSS = structLayout(HDR.withName("hdr"),
            JAVA_LONG.withName("file_pages"), JAVA_LONG.withName("anon_pages"), JAVA_LONG.withName("swap_entries"),
            JAVA_LONG.withName("shmem_pages")).withName("jrec_rss");
    public static final StructLayout LOCK_CONTENTION = structLayout(HDR.withName("hdr"),
            JAVA_LONG.withName("lock"), JAVA_LONG.withName("duration_ns"), JAVA_INT.withName("lcb_flags"), JAVA_INT.withName("ret"),
            JAVA_INT.withName("kstack_id"), JAVA_INT.withName("lock_class")).withName("jrec_lock_contention");

    public static final StructLayout FUTEX = structLayout(HDR.withName("hdr"),
            JAVA_LONG.withName("uaddr"), JAVA_LONG.withName("duration_ns"), JAVA_LONG.withName("ret"), JAVA_INT.withName("op"),
            JAVA_INT.withName("ustack_id")).withName("jrec_futex");

    public static final int UPROBE_ARGS = 6;

    public static final StructLayout UPROBE = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("probe"), JAVA_INT.withName("ustack_id"),
            MemoryLayout.sequenceLayout(UPROBE_ARGS, JAVA_LONG).withName("args"), JAVA_LONG.withName("duration_ns"),
            JAVA_LONG.withName("ret"), JAVA_LONG.withName("caller_ip")).withName("jrec_uprobe");

    public static final StructLayout UPROBE_STR = structLayout(UPROBE.withName("u"),
            chars(PATH_LEN, "str")).withName("jrec_uprobe_str");

    /** jrec_uprobe_ustack without its registers and stack (EventFlags.USER_REGS: they follow). */
    public static final StructLayout UPROBE_USTACK = structLayout(HDR.withName("hdr"),
            JAVA_INT.withName("probe"), JAVA_INT.withName("_pad")).withName("jrec_uprobe_ustack");

    /**
     * jrec_user_regs, named for x86-64. An arm64 object fills the same slots with pc (ip), sp, x29
     * (bp), x30, the link register (bx), and 0 (r12..r15); jrec's unwinder is x86-64's, so the
     * recorder asks arm64 for no copies (--call-graph dwarf falls back to frame pointers).
     */
    public static final StructLayout USER_REGS = structLayout(JAVA_LONG.withName("ip"), JAVA_LONG.withName("sp"),
            JAVA_LONG.withName("bp"), JAVA_LONG.withName("bx"), JAVA_LONG.withName("r12"), JAVA_LONG.withName("r13"),
            JAVA_LONG.withName("r14"), JAVA_LONG.withName("r15"), JAVA_INT.withName("stack_len"),
            JAVA_INT.withName("_pad")).withName("jrec_user_regs");

    /** Every mirrored struct by its C name, and an object whose BTF holds it. */
    public static final Map<StructLayout, String> OBJECT_OF = Map.ofEntries(
            Map.entry(SCHED_SWITCH, "sched"), Map.entry(SCHED_WAKEUP, "sched"), Map.entry(PROC_EXEC, "proc"),
            Map.entry(PROC_FORK, "proc"), Map.entry(PROC_EXIT, "proc"), Map.entry(OOM_KILL, "proc"), Map.entry(SIGNAL, "proc"),
            Map.entry(HUNG_TASK, "proc"), Map.entry(BLOCK, "block"),
            Map.entry(SYSCALL, "syscalls"), Map.entry(SYSCALL_PATH, "syscalls"), Map.entry(CPU_SAMPLE, "profile"),
            Map.entry(OFFCPU, "offcpu"), Map.entry(USER_REGS, "offcpu"), Map.entry(TCP, "net"), Map.entry(HARDIRQ, "irq"),
            Map.entry(SOFTIRQ, "irq"), Map.entry(RECLAIM, "mem"), Map.entry(FAULT, "mem"), Map.entry(RSS, "mem"),
            Map.entry(LOCK_CONTENTION, "lock"), Map.entry(FUTEX, "lock"), Map.entry(UPROBE, "uprobe"),
            Map.entry(UPROBE_STR, "uprobe"), Map.entry(UPROBE_USTACK, "uprobe"));

    /** Byte offset of a member, by its path of member names. */
    public static long offset(StructLayout layout, String... path) {
        var elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) elements[i] = groupElement(path[i]);
        return layout.byteOffset(elements);
    }
}
