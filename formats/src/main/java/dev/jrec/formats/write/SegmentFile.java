package dev.jrec.formats.write;

import dev.jrec.formats.parquet.SealedOutputFile;
import dev.jrec.formats.parquet.ZstdCodecFactory;
import dev.jrec.formats.schema.CaptureSchema;
import dev.jrec.formats.schema.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * One complete Parquet file of capture rows: a segment while recording, or a rewritten run of segments.
 *
 * <p>Rows are staged and encoded a column at a time straight into parquet-java's column writers: its
 * row-at-a-time record path walked all 53 fields of the union schema per row, and nulls for the ~40
 * columns a kind does not use cost as much as the values (docs/performance-writer.md). Columns no row
 * of a row group uses are not fed null by null: each gets one page of nulls when the group is flushed.
 */
final class SegmentFile implements AutoCloseable {
    /** ~8 MiB row groups: DuckDB parallelizes scans per row group, and far better at this size than 64 MiB. */
    static final long ROW_GROUP_BYTES = 8L << 20;
    private static final int STAGE_ROWS = 4096;
    private static final MessageType SCHEMA = CaptureSchema.MESSAGE;
    private static final ColumnDescriptor[] DESCRIPTORS = new ColumnDescriptor[Column.count()];
    static {
        for (ColumnDescriptor d : SCHEMA.getColumns()) {
            DESCRIPTORS[Column.valueOf(d.getPath()[0].toUpperCase(java.util.Locale.ROOT)).ordinal()] = d;
        }
    }
    private static final ParquetProperties PROPS = properties();

    private final SealedOutputFile out;
    private final ParquetFileWriter file;
    private final Supplier<Map<String, String>> footer;
    private final EventBatch stage = new EventBatch(STAGE_ROWS);
    /** Strings repeat (comm, syscall names, kinds): encode each once. */
    private final Map<String, Binary> binaries = new HashMap<>();
    private final ColumnWriter[] writers = new ColumnWriter[Column.count()];
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    /** Columns the current row group's store covers; a staged row using another one cuts the group. */
    private long storeMask;
    private long groupRows;
    private long rows;

    /** {@code footer} is asked at close, so that a segment's footer carries totals up to its last row. */
    SegmentFile(Path path, Supplier<Map<String, String>> footer) throws IOException {
        this(path, footer, () -> false);
    }

    /** {@code freeSpace}: see {@link dev.jrec.formats.parquet.LocalFiles#output(Path, java.util.function.BooleanSupplier)}. */
    SegmentFile(Path path, Supplier<Map<String, String>> footer, java.util.function.BooleanSupplier freeSpace) throws IOException {
        this.out = SealedOutputFile.create(path, freeSpace);
        this.footer = footer;
        this.file = new ParquetFileWriter(out, SCHEMA, ParquetFileWriter.Mode.CREATE, ROW_GROUP_BYTES, 0,
                ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH, ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
                PROPS.getPageWriteChecksumEnabled());
        file.start();
    }

    /**
     * v1 data pages: their definition levels are compressed with the values. v2 pages keep levels
     * uncompressed, and in a union schema whose rows interleave kinds (a switch, a wakeup, ...) every
     * column pays about a bit per row for them: measured on a real sched capture, 4.55 bytes/event with
     * v2 pages, 3.63 with v1. The encodings are chosen per column, not by the page version
     * ({@link ColumnEncodings}).
     */
    private static ParquetProperties properties() {
        ParquetProperties.Builder b = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .withPageSize(1 << 20)
                .withDictionaryEncoding(true)
                .withValuesWriterFactory(new ColumnEncodings());
        // Unique-valued columns: a dictionary only costs a failed attempt before the fallback. Durations
        // have tens of thousands of distinct values per row group: a dictionary never pays, yet stays
        // under its size limit, so every value would cost a hash lookup.
        for (Column c : ColumnEncodings.DELTA) b.withDictionaryEncoding(c.id(), false);
        for (Column c : ColumnEncodings.PLAIN) b.withDictionaryEncoding(c.id(), false);
        return b.build();
    }

    /** Queues row {@code r} of {@code b}; it is copied, so the caller may reuse the batch at once. */
    void write(EventBatch b, int r) throws IOException {
        if (stage.isFull()) encodeStage();
        stage.copyRow(b, r);
        rows++;
    }

    long rows() {
        return rows;
    }

    private void encodeStage() throws IOException {
        int n = stage.size();
        if (n == 0) return;
        long mask = 0;
        for (int r = 0; r < n; r++) mask |= stage.presence(r);
        if (store == null) open(mask);
        else if ((mask & ~storeMask) != 0) {
            long grown = storeMask | mask;
            flushRowGroup();
            open(grown);
        }
        for (Column c : Column.values()) {
            ColumnWriter w = writers[c.ordinal()];
            if (w != null) writeColumn(w, c, n);
        }
        for (int i = 0; i < n; i++) store.endRecord();
        groupRows += n;
        stage.clear();
        if (store.getBufferedSize() >= ROW_GROUP_BYTES) {
            long m = storeMask;
            flushRowGroup();
            open(m);
        }
    }

    private void open(long mask) {
        storeMask = mask | 1L << Column.TS.ordinal() | 1L << Column.KIND.ordinal();
        pages = new ColumnChunkPageWriteStore(ZstdCodecFactory.INSTANCE.getCompressor(CompressionCodecName.ZSTD), SCHEMA,
                HeapByteBufferAllocator.getInstance(), ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                PROPS.getPageWriteChecksumEnabled());
        List<Type> fields = new ArrayList<>();
        for (Column c : Column.values()) if ((storeMask & 1L << c.ordinal()) != 0) fields.add(SCHEMA.getType(c.ordinal()));
        store = PROPS.newColumnWriteStore(new MessageType(SCHEMA.getName(), fields), pages);
        Arrays.fill(writers, null);
        for (Column c : Column.values()) {
            if ((storeMask & 1L << c.ordinal()) != 0) writers[c.ordinal()] = store.getColumnWriter(DESCRIPTORS[c.ordinal()]);
        }
        groupRows = 0;
    }

    private void writeColumn(ColumnWriter w, Column c, int n) {
        EventBatch b = stage;
        if (c == Column.TS) {
            for (int r = 0; r < n; r++) w.write(b.ts(r), 0, 0);
            return;
        }
        if (c == Column.KIND) {
            for (int r = 0; r < n; r++) w.write(binary(b.kind(r).id()), 0, 0);
            return;
        }
        long bit = 1L << c.ordinal();
        switch (c.type()) {
            case INT32 -> {
                for (int r = 0; r < n; r++) {
                    if ((b.presence(r) & bit) != 0) w.write(b.getInt(c, r), 0, 1);
                    else w.writeNull(0, 0);
                }
            }
            case INT64 -> {
                for (int r = 0; r < n; r++) {
                    if ((b.presence(r) & bit) != 0) w.write(b.getLong(c, r), 0, 1);
                    else w.writeNull(0, 0);
                }
            }
            case STRING -> {
                for (int r = 0; r < n; r++) {
                    if ((b.presence(r) & bit) != 0) w.write(binary((String) b.getObject(c, r)), 0, 1);
                    else w.writeNull(0, 0);
                }
            }
            // 3-level lists: definition 0 = null list, 1 = empty list, 2 = null element, 3 (2 if required) = value.
            case STRING_LIST -> {
                for (int r = 0; r < n; r++) {
                    String[] v = (b.presence(r) & bit) != 0 ? (String[]) b.getObject(c, r) : null;
                    if (v == null) w.writeNull(0, 0);
                    else if (v.length == 0) w.writeNull(0, 1);
                    else for (int e = 0; e < v.length; e++) {
                        if (v[e] == null) w.writeNull(e == 0 ? 0 : 1, 2);
                        else w.write(Binary.fromString(v[e]), e == 0 ? 0 : 1, 3);
                    }
                }
            }
            case INT64_LIST -> {
                for (int r = 0; r < n; r++) {
                    long[] v = (b.presence(r) & bit) != 0 ? (long[]) b.getObject(c, r) : null;
                    if (v == null) w.writeNull(0, 0);
                    else if (v.length == 0) w.writeNull(0, 1);
                    else for (int e = 0; e < v.length; e++) w.write(v[e], e == 0 ? 0 : 1, 2);
                }
            }
        }
    }

    private Binary binary(String s) {
        Binary b = binaries.get(s);
        if (b == null) {
            if (binaries.size() >= 1 << 16) binaries.clear();
            b = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
            binaries.put(s, b);
        }
        return b;
    }

    private void flushRowGroup() throws IOException {
        if (store == null) return;
        if (groupRows > 0) {
            store.flush();
            for (Column c : Column.values()) {
                if ((storeMask & 1L << c.ordinal()) == 0) writeAllNullPage(DESCRIPTORS[c.ordinal()], groupRows);
            }
            file.startBlock(groupRows);
            pages.flushToFileWriter(file);
            file.endBlock();
        }
        store.close();
        pages.close();
        store = null;
        pages = null;
    }

    /** One v1 page of {@code n} nulls: levels are a single RLE run of 0 each, no values. */
    private void writeAllNullPage(ColumnDescriptor d, long n) throws IOException {
        Statistics<?> stats = Statistics.createStats(d.getPrimitiveType());
        stats.incrementNumNulls(n);
        BytesInput levels = d.getMaxRepetitionLevel() == 0 ? zeroRun(n, d.getMaxDefinitionLevel())
                : BytesInput.concat(zeroRun(n, d.getMaxRepetitionLevel()), zeroRun(n, d.getMaxDefinitionLevel()));
        pages.getPageWriter(d).writePage(levels, (int) n, (int) n, stats, Encoding.RLE, Encoding.RLE, Encoding.PLAIN);
    }

    /** RLE/bit-packing hybrid levels as a v1 page holds them: a 4-byte length, then one RLE run of {@code n} zeros. */
    private static BytesInput zeroRun(long n, int maxLevel) throws IOException {
        ByteArrayOutputStream run = new ByteArrayOutputStream(8);
        BytesUtils.writeUnsignedVarInt((int) (n << 1), run);
        int width = BytesUtils.getWidthFromMaxInt(maxLevel);
        for (int i = 0; i < (width + 7) / 8; i++) run.write(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(12);
        BytesUtils.writeIntLittleEndian(bytes, run.size());
        run.writeTo(bytes);
        return BytesInput.from(bytes.toByteArray());
    }

    @Override
    public void close() throws IOException {
        encodeStage();
        flushRowGroup();
        file.end(out.seal(footer.get()));
    }

    /** Releases the file after a failed write, without trying to finish it. */
    void abandon() {
        out.abandon();
    }
}
