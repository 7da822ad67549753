package dev.jrec.recorder;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What jrec_lock_contention records hold as numbers, named at record time as perf lock contention names them:
 * the lock type from contention_begin's LCB_F_* flags, and the lock itself where it has a name: the waiter's
 * own mmap_lock or siglock (lock.bpf.c recognizes them), or the kernel variable a static lock lives in
 * (a data or bss symbol of /proc/kallsyms, e.g. rcu_state). A lock in a heap object has none.
 */
final class LockNames {
    static final int SPIN = 1, READ = 2, WRITE = 4, RT = 8, PERCPU = 16, MUTEX = 32;
    /** How far past a data symbol's start an address still counts as in it: kallsyms gives no sizes. */
    private static final long REACH = 4096;

    private final long[] addrs;
    private final String[] names;

    /** Reads /proc/kallsyms now (root: it reads zeros otherwise, and no static lock is named). */
    LockNames() {
        this(Path.of("/proc/kallsyms"));
    }

    LockNames(Path kallsyms) {
        List<long[]> at = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(kallsyms)) {
            String line;
            while ((line = r.readLine()) != null) {
                // "ffffffff83a0c180 d rcu_state" ; module symbols have a fourth column: their data is not static kernel data
                String[] f = line.split("\\s+");
                if (f.length != 3 || f[1].length() != 1 || "dDbB".indexOf(f[1].charAt(0)) < 0) continue;
                long a = Long.parseUnsignedLong(f[0], 16);
                if (a >= 0) continue; // per-CPU offsets (small numbers), or zeros without root
                at.add(new long[] {a, names.size()});
                names.add(f[2]);
            }
        } catch (IOException | RuntimeException e) {
            at.clear();
        }
        at.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
        this.addrs = new long[at.size()];
        this.names = new String[at.size()];
        for (int i = 0; i < at.size(); i++) {
            addrs[i] = at.get(i)[0];
            this.names[i] = names.get((int) at.get(i)[1]);
        }
    }

    /** mmap_lock, siglock, the static variable holding the lock, or null. */
    String name(int lockClass, long address) {
        if (lockClass == 1) return "mmap_lock";
        if (lockClass == 2) return "siglock";
        if (addrs.length == 0 || Long.compareUnsigned(address, addrs[0]) < 0) return null;
        int i = Arrays.binarySearch(addrs, address); // kernel addresses are all "negative": signed order is their order
        if (i < 0) i = -i - 2;
        if (i < 0 || address - addrs[i] >= REACH || i == addrs.length - 1 && address != addrs[i]) return null;
        return names[i];
    }

    /** As perf lock contention names them: spinlock, rwlock:R, mutex, rwsem:W, ... */
    static String type(int flags) {
        boolean r = (flags & READ) != 0, w = (flags & WRITE) != 0;
        String rw = r ? ":R" : w ? ":W" : "";
        if ((flags & MUTEX) != 0) return "mutex";
        if ((flags & PERCPU) != 0) return "percpu-rwsem" + rw;
        if ((flags & RT) != 0) return r || w ? "rwlock-rt" + rw : "rtmutex";
        if ((flags & SPIN) != 0) return r || w ? "rwlock" + rw : "spinlock";
        if (r || w) return "rwsem" + rw;
        return "flags " + flags;
    }
}
