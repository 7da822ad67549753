package dev.jrec.recorder;

import dev.jrec.bpf.libbpf.BpfObject;
import dev.jrec.formats.schema.Source;

/** Sets the BPF objects' filter knobs from the recording's scope (-p, --comm, syscall options). */
final class Filters {
    private Filters() {}

    /** Before load: const volatile knobs. */
    static void apply(BpfObject obj, Source s, RecordConfig c) {
        if (s == Source.IRQ) return; // irq.bpf.c records every interrupt: the interrupted task is chance, not scope
        if (!c.pids().isEmpty()) obj.targetPids(c.pids().stream().mapToInt(Integer::intValue).toArray());
        if (c.comm() != null) obj.targetComm(c.comm());
        if (c.cgroup() != null) obj.targetCgroup(Cgroups.resolve(c.cgroup()));
        // Every thread's exit, not only the process's: the thread table and exitsnoop --per-thread need them.
        if (s == Source.PROC) obj.knob("exit_all_threads", 1);
        if (s == Source.OFFCPU) obj.knob("min_block_ns", c.offcpuMinNs());
        if (s == Source.PROFILE || s == Source.OFFCPU) obj.knob(dev.jrec.bpf.perf.StackEvents.USTACK_BYTES_KNOB, c.ustackBytes());
        if (s == Source.SYSCALL) {
            if (c.syscallMinNs() > 0) obj.knob("min_duration_ns", c.syscallMinNs());
            if (!c.syscalls().isEmpty()) {
                byte[] bitmap = new byte[64];
                for (String name : c.syscalls()) {
                    int nr = SyscallNames.number(name);
                    if (nr < 0 || nr >= bitmap.length * 8) throw new IllegalArgumentException("unknown syscall '" + name + "'");
                    bitmap[nr / 8] |= (byte) (1 << (nr % 8));
                }
                obj.knob("filter_syscalls", 1);
                obj.knob("syscall_bitmap", bitmap);
            }
        }
    }
}
