package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenThreadsTest {
    private final List<EventBatch> handed = new ArrayList<>();
    private final SeenThreads threads = new SeenThreads(Path.of("/nonexistent-proc"), 0);
    private final EventRows decoder = new EventRows(full -> {
        if (full != null) handed.add(full);
        return new EventBatch(64);
    }, threads);

    private Set<Integer> describedTids() {
        decoder.flush();
        Set<Integer> tids = new HashSet<>();
        for (EventBatch b : handed) {
            for (int r = 0; r < b.size(); r++) if (b.kind(r) == EventKind.THREAD) assertTrue(tids.add(b.getInt(Column.TID, r)));
        }
        return tids;
    }

    /**
     * A cycle describes a bounded number of new threads, so that a burst of new threads cannot stall the
     * draining; but when the recording ends, every thread seen must be described (2000 threads blocking
     * at once under --events offcpu once left half of them without a thread row).
     */
    @Test
    void theLastCycleDescribesEveryThreadSeen() {
        int n = SeenThreads.MAX_READS_PER_CYCLE * 7 + 13;
        for (int tid = 1000; tid < 1000 + n; tid++) assertTrue(threads.saw(999, tid));
        assertFalse(threads.saw(999, 1000), "seen twice");
        threads.emit(decoder, 1);
        // at most the bound, fewer if the cycle's reads ran out of time (a loaded host)
        int first = describedTids().size();
        assertTrue(first >= 1 && first <= SeenThreads.MAX_READS_PER_CYCLE, "one cycle's bound: " + first);
        threads.emitAll(decoder, 2);
        Set<Integer> tids = describedTids();
        assertEquals(n, tids.size());
        for (int tid = 1000; tid < 1000 + n; tid++) assertTrue(tids.contains(tid), "tid " + tid);
    }

    /**
     * A process gone before the table read its /proc keeps the cgroup its fork or exec record named: the id, and its
     * path while the cgroup exists (the hierarchy is walked for it); an id no longer there keeps the id alone.
     */
    @Test
    void aProcessGoneBeforeItsProcIsReadKeepsTheCgroupItsRecordsNamed(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Path scope = java.nio.file.Files.createDirectories(root.resolve("kubepods.slice").resolve("cri-containerd-abc.scope"));
        long id = ((Number) java.nio.file.Files.getAttribute(scope, "unix:ino")).longValue();
        SeenThreads t = new SeenThreads(Path.of("/nonexistent-proc"), 0, new CgroupPaths(root));
        EventRows rows = new EventRows(full -> {
            if (full != null) handed.add(full);
            return new EventBatch(64);
        }, t);
        t.cgroup(4242, id);
        t.cgroup(4343, 987654321L);
        assertTrue(t.saw(4242, 4242));
        assertTrue(t.saw(4343, 4343));
        t.emitAll(rows, 1);
        rows.flush();
        List<String> got = new ArrayList<>();
        for (EventBatch b : handed) {
            for (int r = 0; r < b.size(); r++) {
                if (b.kind(r) == EventKind.THREAD) {
                    got.add(b.getInt(Column.TID, r) + " " + b.getObject(Column.CGROUP, r) + " " + b.getLong(Column.CGROUP_ID, r));
                }
            }
        }
        assertEquals(List.of("4242 /kubepods.slice/cri-containerd-abc.scope " + id, "4343 null 987654321"), got);
    }

    @Test
    void intSetSurvivesChurn() {
        SeenThreads.IntSet s = new SeenThreads.IntSet();
        for (int round = 0; round < 20; round++) {
            for (int i = 1; i <= 5000; i++) s.add(round * 5000 + i);
            for (int i = 1; i <= 5000; i++) assertTrue(s.remove(round * 5000 + i));
        }
        assertEquals(0, s.size());
        s.add(42);
        assertTrue(s.contains(42));
        assertFalse(s.contains(43));
    }
}
