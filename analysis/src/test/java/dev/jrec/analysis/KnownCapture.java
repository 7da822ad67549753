package dev.jrec.analysis;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Captures with hand-chosen rows, so each analysis can be checked against numbers worked out by hand.
 * Times are given as offsets from the recording's start, {@link #START} (SampleEvents' metadata).
 */
final class KnownCapture {
    static final long START = 1_000_000_000L;
    static final long US = 1_000L, MS = 1_000_000L, S = 1_000_000_000L;

    private record Row(EventKind kind, long ts, Map<Column, Object> values) {}

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>(SampleEvents.recordingMetadata());

    KnownCapture sources(String sources) {
        metadata.put(MetadataKeys.SOURCES, sources);
        return this;
    }

    KnownCapture meta(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** A row of {@code kind} at START + {@code at}; values are column, value pairs. */
    KnownCapture row(EventKind kind, long at, Object... columnValues) {
        Map<Column, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < columnValues.length; i += 2) v.put((Column) columnValues[i], columnValues[i + 1]);
        rows.add(new Row(kind, START + at, v));
        return this;
    }

    KnownCapture sw(long at, int cpu, int prevPid, int prevTid, String prevComm, long prevState, int nextPid, int nextTid, String nextComm,
            Long oncpuNs, Long runqNs) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, cpu, Column.PID, prevPid, Column.TID, prevTid, Column.COMM, prevComm,
                Column.PRIO, 120, Column.PREV_STATE, prevState, Column.NEXT_PID, nextPid, Column.NEXT_TID, nextTid,
                Column.NEXT_COMM, nextComm, Column.NEXT_PRIO, 120));
        if (oncpuNs != null) v.addAll(List.of(Column.DUR_NS, oncpuNs));
        if (runqNs != null) v.addAll(List.of(Column.WAIT_NS, runqNs));
        return row(EventKind.SCHED_SWITCH, at, v.toArray());
    }

    KnownCapture syscall(long at, int pid, int tid, String comm, String name, long durNs, long ret, String path) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, 0, Column.PID, pid, Column.TID, tid, Column.COMM, comm,
                Column.SYSCALL_NR, name.hashCode() & 0xff, Column.SYSCALL, name, Column.DUR_NS, durNs, Column.RET, ret));
        if (path != null) v.addAll(List.of(Column.PATH, path));
        return row(EventKind.SYSCALL, at, v.toArray());
    }

    KnownCapture block(long at, int pid, String comm, int major, int minor, String disk, long sector, long bytes, String rwbs, long latencyNs) {
        return row(EventKind.BLOCK_RQ_COMPLETE, at, Column.CPU, 0, Column.PID, pid, Column.TID, pid, Column.COMM, comm,
                Column.DEV, major << 20 | minor, Column.DISK, disk, Column.SECTOR, sector, Column.BYTES, bytes, Column.RWBS, rwbs,
                Column.DUR_NS, latencyNs);
    }

    KnownCapture thread(long at, int pid, int tid, String comm, Integer ppid, String cmdline, Long startTs) {
        List<Object> v = new ArrayList<>(List.of(Column.PID, pid, Column.TID, tid));
        if (comm != null) v.addAll(List.of(Column.COMM, comm));
        if (ppid != null) v.addAll(List.of(Column.PPID, ppid));
        if (cmdline != null) v.addAll(List.of(Column.CMDLINE, cmdline));
        if (startTs != null) v.addAll(List.of(Column.START_TS, START + startTs));
        return row(EventKind.THREAD, at, v.toArray());
    }

    KnownCapture loss(long at, String source, String reason, long lost, long durNs) {
        return row(EventKind.LOSS, at, Column.SOURCE, source, Column.REASON, reason, Column.LOST, lost, Column.DUR_NS, durNs);
    }

    /** Writes the capture, ending the recording at START + {@code endAt}. */
    Path write(Path file, long endAt) throws Exception {
        EventBatch b = new EventBatch(Math.max(1, rows.size()));
        for (Row r : rows) {
            int i = b.add(r.kind(), r.ts());
            for (var e : r.values().entrySet()) {
                Column c = e.getKey();
                switch (c.type()) {
                    case INT32 -> b.setInt(c, i, ((Number) e.getValue()).intValue());
                    case INT64 -> b.setLong(c, i, ((Number) e.getValue()).longValue());
                    case STRING -> b.setString(c, i, (String) e.getValue());
                    case STRING_LIST -> b.setStrings(c, i, (String[]) e.getValue());
                    case INT64_LIST -> b.setLongs(c, i, (long[]) e.getValue());
                }
            }
        }
        try (CaptureWriter w = CaptureWriter.create(file, metadata, CaptureWriter.Options.defaults())) {
            w.write(b);
            w.close(Map.of(MetadataKeys.END_TS, Long.toString(START + endAt)));
        }
        return file;
    }

    /**
     * The capture most tests use. Scheduler: five switches whose next_runq_ns are 1, 3, 3, 700 and 2000 µs.
     * Processes: app (pid 100, threads 100 and 101; its main thread is named app-main), db (pid 200; its thread
     * table only knows thread 201, so the process is named for its command line, postgres),
     * cat (pid 300, forked by bash 50), sleep (400, killed), crash (401, segfault), fail (402, exit 1).
     */
    static KnownCapture standard() {
        KnownCapture c = new KnownCapture().sources("sched,proc,block,syscall");
        // at, cpu, prev pid/tid/comm/state, next pid/tid/comm, prev on-CPU, next run-queue wait
        c.sw(10 * MS, 0, 200, 200, "db", 1, 100, 100, "app", 5 * US, 1 * US);
        c.sw(20 * MS, 0, 100, 100, "app", 1, 100, 101, "app", 10_000 * US, 3 * US);
        c.sw(30 * MS, 1, 0, 0, "swapper/1", 0, 200, 200, "db", 500 * US, 3 * US);
        c.sw(40 * MS, 1, 200, 200, "db", 2, 100, 100, "app", 10 * US, 700 * US);
        c.sw(1500 * MS, 0, 100, 101, "app", 0, 200, 200, "db", 2 * US, 2000 * US);

        c.syscall(100 * MS, 100, 100, "app", "read", 1 * US, 10, null);
        c.syscall(101 * MS, 100, 101, "app", "read", 3 * US, 10, null);
        c.syscall(102 * MS, 100, 100, "app", "read", 5 * US, 0, null);
        c.syscall(110 * MS, 300, 300, "cat", "openat", 20 * US, 3, "/etc/passwd");
        c.syscall(120 * MS, 300, 300, "cat", "openat", 40 * US, -2, "/nope");
        c.syscall(2000 * MS, 100, 100, "app", "write", 1000 * US, -11, null);

        c.block(50 * MS, 100, "app", 254, 0, "vda", 8, 4096, "W", 100 * US);
        c.block(60 * MS, 100, "app", 254, 0, "vda", 16, 8192, "W", 300 * US);
        c.block(70 * MS, 500, "kworker/0:1H", 8, 0, "sda", 2048, 4096, "R", 2000 * US);
        c.block(80 * MS, 100, "app", 254, 0, "vda", 0, 0, "FF", 50 * US);

        c.row(EventKind.PROC_FORK, 100 * MS, Column.PID, 50, Column.TID, 50, Column.COMM, "bash", Column.CHILD_PID, 300, Column.CHILD_TID, 300);
        c.row(EventKind.PROC_EXEC, 110 * MS, Column.PID, 300, Column.TID, 300, Column.COMM, "cat", Column.PPID, 50,
                Column.FILENAME, "/usr/bin/cat", Column.ARGV, new String[] {"cat", "/etc/passwd"});
        c.row(EventKind.PROC_EXEC, 150 * MS, Column.PID, 301, Column.TID, 301, Column.COMM, "noargs", Column.PPID, 50,
                Column.FILENAME, "/usr/bin/noargs");
        c.row(EventKind.PROC_EXIT, 200 * MS, Column.PID, 300, Column.TID, 300, Column.COMM, "cat", Column.EXIT_CODE, 0);
        c.row(EventKind.PROC_EXIT, 300 * MS, Column.PID, 400, Column.TID, 400, Column.COMM, "sleep", Column.EXIT_CODE, 9);
        c.row(EventKind.PROC_EXIT, 310 * MS, Column.PID, 401, Column.TID, 401, Column.COMM, "crash", Column.EXIT_CODE, 0x80 | 11);
        c.row(EventKind.PROC_EXIT, 320 * MS, Column.PID, 402, Column.TID, 403, Column.COMM, "fail-worker", Column.EXIT_CODE, 0);
        c.row(EventKind.PROC_EXIT, 330 * MS, Column.PID, 402, Column.TID, 402, Column.COMM, "fail", Column.EXIT_CODE, 1 << 8);

        c.thread(0, 100, 100, "app-main", 1, "/usr/bin/app --serve", -5 * S);
        c.thread(0, 100, 101, "app-worker", 1, "/usr/bin/app --serve", -4 * S);
        c.thread(0, 200, 201, "db-io", 1, "/usr/sbin/postgres -D /data", null);
        c.thread(0, 400, 400, "sleep", 50, "sleep 100", -500 * MS);

        c.loss(1000 * MS, "syscall", "ringbuf_full", 10, 1000 * MS);
        c.loss(2000 * MS, "sched", "map_full", 5, 500 * MS);
        return c;
    }
}
