package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memleak query's bookkeeping on calls it is handed, one process per case so each case is one row: mappings
 * unmapped in pieces and an address mapped again, nested calls that hand out one address, posix_memalign's address
 * read through its pointer, failures that allocated nothing, and realloc's frees.
 */
class MemleakQueryTest {
    @TempDir Path dir;

    private static void ret(KnownCapture c, int pid, long entry, long durNs, String func, long[] args, long ret) {
        c.row(EventKind.URETPROBE, entry + durNs, fields(pid, func, args, Column.DUR_NS, durNs, Column.RET, ret));
    }

    private static void call(KnownCapture c, int pid, long at, String func, long... args) {
        c.row(EventKind.UPROBE, at, fields(pid, func, args));
    }

    private static Object[] fields(int pid, String func, long[] args, Object... more) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, 0, Column.PID, pid, Column.TID, pid, Column.COMM, "p" + pid,
                Column.PROBE, "uprobe:/usr/lib/libc.so.6:" + func, Column.FUNC, func, Column.MODULE, "/usr/lib/libc.so.6", Column.ARGS, args,
                Column.WEIGHT, 1L));
        v.addAll(List.of(more));
        return v.toArray();
    }

    @Test
    void whatEachProcessStillHeldAtTheEnd() throws Exception {
        KnownCapture c = new KnownCapture().sources("uprobe");
        // 801: 64 KiB mapped, its first 16 KiB unmapped: 48 KiB left
        ret(c, 801, 1 * MS, 5 * US, "mmap", new long[] {0, 0x10000}, 0x7f0000010000L);
        call(c, 801, 2 * MS, "munmap", 0x7f0000010000L, 0x4000);
        // 802: 32 KiB unmapped in two halves, then the address mapped again and kept: 32 KiB left (the new one)
        ret(c, 802, 1 * MS, 5 * US, "mmap", new long[] {0, 0x8000}, 0x7f0000040000L);
        call(c, 802, 2 * MS, "munmap", 0x7f0000040000L, 0x4000);
        call(c, 802, 3 * MS, "munmap", 0x7f0000044000L, 0x4000);
        ret(c, 802, 4 * MS, 5 * US, "mmap", new long[] {0, 0x8000}, 0x7f0000040000L);
        // 803: a failed mmap (MAP_FAILED) and one unmapped whole by a larger munmap: nothing
        ret(c, 803, 1 * MS, 5 * US, "mmap", new long[] {0, 0x1000}, -1);
        ret(c, 803, 2 * MS, 5 * US, "mmap", new long[] {0, 0x1000}, 0x7f0000090000L);
        call(c, 803, 3 * MS, "munmap", 0x7f000008f000L, 0x4000);
        // 804: posix_memalign's block (malloc's inside it, the same address) counted once, as posix_memalign's 3000
        // bytes; a failed one (ENOMEM: its pointer never written) is nothing
        ret(c, 804, 1 * MS, 20 * US, "posix_memalign", new long[] {0x5500001000L, 16, 3000}, 0);
        ret(c, 804, 1 * MS + 5 * US, 5 * US, "malloc", new long[] {3000}, 0x5500001000L);
        ret(c, 804, 2 * MS, 20 * US, "posix_memalign", new long[] {0x1234, 64, 1L << 50}, 12);
        // 805: operator new's 48 bytes, and the malloc inside it, and a malloc of its own after: 2 blocks, 48 + 100
        ret(c, 805, 1 * MS, 20 * US, "_Znwm", new long[] {48}, 0x5500002000L);
        ret(c, 805, 1 * MS + 5 * US, 5 * US, "malloc", new long[] {48}, 0x5500002000L);
        ret(c, 805, 2 * MS, 5 * US, "malloc", new long[] {100}, 0x5500003000L);
        // 806: a block freed, and one handed out again without a free (freed before the recording): nothing left of
        // the first; the second counts
        ret(c, 806, 1 * MS, 5 * US, "malloc", new long[] {10}, 0x5500004000L);
        call(c, 806, 2 * MS, "free", 0x5500004000L);
        ret(c, 806, 3 * MS, 5 * US, "calloc", new long[] {4, 25}, 0x5500005000L);
        ret(c, 806, 4 * MS, 5 * US, "calloc", new long[] {4, 25}, 0x5500005000L);
        // 807: realloc(p, 0) frees p (glibc returns NULL); a realloc that failed (NULL for 1 PiB) leaves q as it was: q's 64 left
        ret(c, 807, 1 * MS, 5 * US, "malloc", new long[] {32}, 0x5500006000L);
        ret(c, 807, 2 * MS, 5 * US, "realloc", new long[] {0x5500006000L, 0}, 0);
        ret(c, 807, 3 * MS, 5 * US, "malloc", new long[] {64}, 0x5500007000L);
        ret(c, 807, 4 * MS, 5 * US, "realloc", new long[] {0x5500007000L, 1L << 50}, 0);
        try (CaptureDb db = CaptureDb.open(c.write(dir.resolve("leaks.parquet"), 100 * MS))) {
            Map<String, Object> p = new HashMap<>();
            p.put("older_ns", 0L);
            p.put("limit", 100L);
            Table t = new Reports(db).listing("memleak", "memleak", Filter.ALL, 100, p);
            Map<Integer, List<Long>> byPid = new java.util.TreeMap<>();
            for (int r = 0; r < t.rows().size(); r++) {
                byPid.put(((Number) t.get(r, "pid")).intValue(), List.of(((Number) t.get(r, "bytes")).longValue(),
                        ((Number) t.get(r, "allocations")).longValue()));
            }
            assertEquals(Map.of(801, List.of(49152L, 1L), 802, List.of(32768L, 1L), 804, List.of(3000L, 1L), 805, List.of(148L, 2L),
                    806, List.of(100L, 1L), 807, List.of(64L, 1L)), byPid);
        }
    }
}
