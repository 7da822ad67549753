package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.Rows;
import dev.jrec.formats.testing.SampleEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The column chunks {@link ChunkEncoder} writes, across many pages and row groups: every value comes back, and
 * the page statistics, column indexes and dictionary pages that readers skip data by (parquet-java's filters
 * here, DuckDB's row group pruning in analysis) bound the values exactly, so a filtered read drops no row.
 * Edge cases on purpose: more than 1 MiB of distinct strings (a chunk written PLAIN), strings longer than a
 * page, long runs and alternations of one value, negative numbers, null and empty list elements, columns that
 * first appear in the middle of a row group.
 */
class SegmentEncodingTest {
    @TempDir Path dir;

    @Test
    void manyPagesAndRowGroupsReadBackExactlyAndFilteredReadsDropNothing() throws Exception {
        long seed = Long.getLong("jrec.test.seed", System.nanoTime());
        Random rnd = new Random(seed);
        String why = "seed " + seed + " (rerun with -Djrec.test.seed=" + seed + ")";
        EventKind[] kinds = EventKind.values();
        Path out = dir.resolve("pages.parquet");
        List<Map<String, Object>> expected = new ArrayList<>();
        EventBatch b = new EventBatch(4096);
        long t = 1_000_000_000L;
        int rows = 300_000, longArgs = 0;
        CaptureWriter.Options opts = CaptureWriter.Options.defaults().withSegmentMaxRows(10_000_000).withSegmentNs(Long.MAX_VALUE);
        try (CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), opts)) {
            for (int i = 0; i < rows; i++) {
                if (b.isFull()) {
                    w.write(b);
                    b.clear();
                }
                t += 1 + rnd.nextInt(2000);
                int r;
                if (i >= 100_000 && i < 130_000) {
                    r = SampleEvents.add(b, EventKind.SYSCALL, t, rnd); // a long run of one kind
                    b.setInt(Column.PID, r, 42);
                } else {
                    EventKind k = kinds[rnd.nextInt(kinds.length)];
                    // block columns first appear mid-way: earlier pages of their chunk are pages of nulls
                    if (i < 150_000 && (k == EventKind.BLOCK_RQ_ISSUE || k == EventKind.BLOCK_RQ_COMPLETE)) k = EventKind.SCHED_SWITCH;
                    r = SampleEvents.add(b, k, t, rnd);
                }
                Map<String, Object> row = SampleEvents.row(b, r);
                if (b.kind(r) == EventKind.SYSCALL) {
                    // > 1 MiB of distinct paths (the chunk goes PLAIN), and enough bytes for several 8 MiB row groups
                    StringBuilder path = new StringBuilder("/srv/unique/").append(i).append('/');
                    for (int k = 0; k < 30; k++) path.append(Long.toHexString(rnd.nextLong()));
                    b.setString(Column.PATH, r, path.toString());
                    b.setLong(Column.RET, r, -rnd.nextInt(200));
                    row.put("path", path.toString());
                    row.put("ret", b.getLong(Column.RET, r));
                }
                if (b.kind(r) == EventKind.PROC_EXEC) {
                    String[] argv = switch (rnd.nextInt(3)) {
                        case 0 -> new String[0];
                        case 1 -> new String[] {"sh", null, "x".repeat(longArgs++ < 4 ? 600_000 : 3)}; // past a page's 1 MiB
                        default -> new String[] {"true"};
                    };
                    b.setStrings(Column.ARGV, r, argv);
                    row.put("argv", Arrays.asList(argv));
                }
                if (b.kind(r) == EventKind.STACK && rnd.nextBoolean()) {
                    b.setLongs(Column.FRAME_IDS, r, new long[0]);
                    row.put("frame_ids", List.of());
                }
                expected.add(row);
            }
            w.write(b);
            w.close();
        }
        List<Map<String, Object>> actual = Capture.readAllEvents(out).stream().map(Rows::of).toList();
        assertEquals(expected.size(), actual.size(), why);
        // Table rows in the order written, event rows by ts (here the order written too: ts only grows).
        for (boolean table : new boolean[] {true, false}) {
            List<Map<String, Object>> want = tables(expected, table), got = tables(actual, table);
            assertEquals(want.size(), got.size(), why);
            for (int i = 0; i < want.size(); i++) assertEquals(want.get(i), got.get(i), (table ? "table row " : "event row ") + i + ", " + why);
        }
        List<Map<String, Object>> sorted = expected;

        // Every page's statistics, as the column index holds them, against the rows the offset index says it holds.
        int groups, pages = 0;
        try (ParquetFileReader r = ParquetFileReader.open(dev.jrec.formats.parquet.LocalFiles.input(out),
                dev.jrec.formats.parquet.ParquetOptions.read())) {
            List<BlockMetaData> blocks = r.getFooter().getBlocks();
            groups = blocks.size();
            long groupStart = 0;
            for (BlockMetaData block : blocks) {
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    String col = chunk.getPath().toDotString();
                    if (!List.of("ts", "kind", "pid", "ret", "path", "comm", "sector").contains(col)) continue;
                    ColumnIndex ci = r.readColumnIndex(chunk);
                    OffsetIndex oi = r.readOffsetIndex(chunk);
                    for (int p = 0; p < oi.getPageCount(); p++) {
                        List<Comparable<Object>> values = new ArrayList<>();
                        long nulls = 0;
                        for (long row = oi.getFirstRowIndex(p); row <= oi.getLastRowIndex(p, block.getRowCount()); row++) {
                            Object v = actual.get((int) (groupStart + row)).get(col);
                            if (v == null) nulls++;
                            else values.add(comparable(v));
                        }
                        String where = col + " page " + p + " of row group at row " + groupStart + ", " + why;
                        assertEquals(nulls, ci.getNullCounts().get(p), "null count of " + where);
                        assertEquals(values.isEmpty(), ci.getNullPages().get(p), "null page " + where);
                        if (values.isEmpty()) continue;
                        Comparable<Object> min = java.util.Collections.min(values), max = java.util.Collections.max(values);
                        if (col.equals("path")) {
                            // long strings: the column index holds bounds truncated to 64 bytes, not the values
                            assertTrue(decode(col, ci.getMinValues().get(p)).compareTo(min) <= 0, "min bound of " + where);
                            assertTrue(decode(col, ci.getMaxValues().get(p)).compareTo(max) >= 0, "max bound of " + where);
                        } else {
                            assertEquals(min, decode(col, ci.getMinValues().get(p)), "min of " + where);
                            assertEquals(max, decode(col, ci.getMaxValues().get(p)), "max of " + where);
                        }
                        pages++;
                    }
                }
                groupStart += block.getRowCount();
            }
        }
        assertTrue(groups >= 2, "several row groups: " + groups);
        assertTrue(pages >= 60, "many pages checked: " + pages);

        long first = (Long) expected.getFirst().get("ts"), last = (Long) expected.getLast().get("ts");
        try (Capture c = Capture.open(out)) {
            for (int q = 0; q < 12; q++) {
                long from = first + (long) (rnd.nextDouble() * (last - first)), to = from + rnd.nextInt(100_000_000);
                EnumSet<EventKind> some = EnumSet.noneOf(EventKind.class);
                for (EventKind k : kinds) if (rnd.nextInt(3) == 0) some.add(k);
                if (some.isEmpty()) some.add(EventKind.SYSCALL);
                EventFilter f = new EventFilter(some, Long.MIN_VALUE, Long.MAX_VALUE).between(from, to);
                long want = sorted.stream().filter(m -> some.contains(EventKind.byId((String) m.get("kind")))
                        && (Long) m.get("ts") >= from && (Long) m.get("ts") < to).count();
                long got = 0;
                try (Capture.EventStream s = c.events(f)) {
                    for (CapturedEvent e : s) if (f.kinds().contains(e.kind()) && e.ts() >= from && e.ts() < to) got++;
                }
                assertEquals(want, got, "rows of " + some + " in [" + from + ", " + to + "), " + why);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object v) {
        return (Comparable<Object>) (v instanceof Integer i ? (Object) (long) i : v);
    }

    /** A statistic as the column holds it: little-endian INT32/INT64, or UTF-8 (ASCII here, so String order is byte order). */
    private static Comparable<Object> decode(String col, java.nio.ByteBuffer b) {
        java.nio.ByteBuffer le = b.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        Object v = switch (col) {
            case "pid" -> (long) le.getInt(0);
            case "ts", "ret", "sector" -> le.getLong(0);
            default -> java.nio.charset.StandardCharsets.UTF_8.decode(le).toString();
        };
        return comparable(v);
    }

    private static List<Map<String, Object>> tables(List<Map<String, Object>> rows, boolean table) {
        return rows.stream().filter(m -> CaptureWriter.isTable(EventKind.byId((String) m.get("kind"))) == table).toList();
    }
}
