package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.US;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A capture with stacks whose folded forms are worked out by hand. Frames: kernel ones ([kernel.kallsyms], a
 * module [ext4], one unresolved), user ones (resolved, unresolved in a file, in [unknown], a name with a ';').
 * Stacks list frames leaf first, kernel frames before user frames, as the recorder writes them.
 */
final class KnownStacks {
    static final long KERNEL_TEXT = 0xffffffff81000000L;

    /** S1: app reading: user __libc_start_main → main → read, kernel do_syscall_64 → schedule → __schedule. */
    static final long S1 = 1;
    /** S2: user only, its leaf unresolved in /usr/bin/app. */
    static final long S2 = 2;
    /** S3: kernel only: ext4_read (module) → an unresolved kernel frame. */
    static final long S3 = 3;
    /** S4: user only: foo;bar → an address in no mapping. */
    static final long S4 = 4;
    /** A stack id no stack row has. */
    static final long MISSING = 99;

    private KnownStacks() {}

    static KnownCapture frame(KnownCapture c, long id, String func, String module, Long fileOffset, long addr) {
        List<Object> v = new ArrayList<>(List.of(Column.FRAME_ID, id, Column.MODULE, module, Column.ADDR, addr));
        if (func != null) v.addAll(List.of(Column.FUNC, func, Column.FUNC_OFFSET, 4L));
        if (fileOffset != null) v.addAll(List.of(Column.FILE_OFFSET, fileOffset));
        return c.row(EventKind.FRAME, 0, v.toArray());
    }

    static KnownCapture stack(KnownCapture c, long id, String unwind, long... frames) {
        return c.row(EventKind.STACK, 0, Column.STACK_ID, id, Column.FRAME_IDS, frames, Column.UNWIND, unwind);
    }

    static KnownCapture sample(KnownCapture c, long at, int pid, int tid, String comm, Long stack) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, 0, Column.PID, pid, Column.TID, tid, Column.COMM, comm));
        if (stack != null) v.addAll(List.of(Column.STACK_ID, stack));
        return c.row(EventKind.CPU_SAMPLE, at, v.toArray());
    }

    static KnownCapture offcpu(KnownCapture c, long at, int pid, int tid, String comm, long durNs, Long stack, Integer wakerTid, Long wakerStack) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, 0, Column.PID, pid, Column.TID, tid, Column.COMM, comm, Column.DUR_NS, durNs,
                Column.PREV_STATE, 1L));
        if (stack != null) v.addAll(List.of(Column.STACK_ID, stack));
        if (wakerTid != null) v.addAll(List.of(Column.WAKER_TID, wakerTid));
        if (wakerStack != null) v.addAll(List.of(Column.WAKER_STACK_ID, wakerStack));
        return c.row(EventKind.OFFCPU, at, v.toArray());
    }

    /**
     * The standard capture (its scheduler, syscalls, block I/O and threads) plus profile and offcpu events.
     * On-CPU samples: app (pid 100) S1 ×3 and S2 ×2 on thread 100; app-worker (thread 101) S1 ×1 at 1.5 s; db (pid 200)
     * S3 ×4, one without a stack, one with a missing stack; "x y" (pid 300) S4 ×1.
     * Off-CPU: app S1 1500 µs + 2500 µs (woken by thread 201 in S3, by 999 unknown in S3), db S3 1000.9 µs
     * (woken by thread 100 in S2), app S2 999 ns (0 µs), db 2 ms without stacks or waker.
     */
    static KnownCapture capture() {
        KnownCapture c = KnownCapture.standard().sources("sched,proc,block,syscall,profile,offcpu");
        frame(c, 1, "__schedule", "[kernel.kallsyms]", 0x100L, KERNEL_TEXT + 0x100);
        frame(c, 2, "schedule", "[kernel.kallsyms]", 0x200L, KERNEL_TEXT + 0x200);
        frame(c, 3, "do_syscall_64", "[kernel.kallsyms]", 0x300L, KERNEL_TEXT + 0x300);
        frame(c, 4, "read", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0x11c0L, 0x7f0000011c0L);
        frame(c, 5, "main", "/usr/bin/app", 0x1040L, 0x555555555040L);
        frame(c, 6, null, "/usr/bin/app", 0x1c0L, 0x5555555551c0L);
        frame(c, 7, null, "[unknown]", null, 0x1234L);
        frame(c, 8, "ext4_read", "[ext4]", 0x40L, 0xffffffffc0400040L);
        frame(c, 9, "foo;bar", "/usr/bin/app", 0x2000L, 0x555555556000L);
        frame(c, 10, null, "[kernel.kallsyms]", 0x1f00L, KERNEL_TEXT + 0x1f00);
        frame(c, 11, "__libc_start_main", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0x2a000L, 0x7f00002a000L);
        stack(c, S1, "fp", 1, 2, 3, 4, 5, 11);
        stack(c, S2, "fp", 6, 5, 11);
        stack(c, S3, "kernel", 10, 8);
        stack(c, S4, "fp", 7, 9);
        for (int i = 0; i < 3; i++) sample(c, (200 + i) * MS, 100, 100, "app", S1);
        for (int i = 0; i < 2; i++) sample(c, (210 + i) * MS, 100, 100, "app", S2);
        sample(c, 1500 * MS, 100, 101, "app-worker", S1);
        for (int i = 0; i < 4; i++) sample(c, (220 + i) * MS, 200, 200, "db", S3);
        sample(c, 230 * MS, 200, 200, "db", null);
        sample(c, 231 * MS, 200, 200, "db", MISSING);
        sample(c, 240 * MS, 300, 300, "x y", S4);

        offcpu(c, 300 * MS, 100, 100, "app", 1500 * US, S1, 201, S3);
        offcpu(c, 400 * MS, 100, 100, "app", 2500 * US, S1, 999, S3);
        offcpu(c, 500 * MS, 200, 200, "db", 1000 * US + 900, S3, 100, S2);
        offcpu(c, 600 * MS, 100, 101, "app-worker", 999, S2, 100, S2);
        offcpu(c, 700 * MS, 200, 201, "db", 2 * MS, null, null, null);
        return c;
    }
}
