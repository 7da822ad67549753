package dev.jrec.formats.bench;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ZstdCodecFactory;
import dev.jrec.formats.schema.CaptureSchema;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.write.EventBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * PROTOTYPE of the proposed segment encoder (not used by jrec; it lives in the benchmarks to measure the
 * proposal): writes the same schema, encodings, page and row-group sizes as {@code SegmentFile}, but
 *
 * <ol>
 *   <li>column-at-a-time: for each chunk of {@value #CHUNK} rows, each column's values are pushed into its
 *       parquet-java {@link ColumnWriter} in a tight loop, then {@code endRecord()} is called per row, instead
 *       of one {@code RecordConsumer} walk over all 53 fields per row;
 *   <li>optionally ({@code skipAllNull}) columns that no row of the row group uses are not fed null by null:
 *       the column store covers only the used columns, and each unused column gets one V2 data page of
 *       {@code n} nulls (a single RLE run of definition level 0) written straight to its page writer. A row
 *       that brings a new column cuts the row group.
 * </ol>
 *
 * The output is a regular capture segment (checked by {@code ProposedWriterCheck}).
 */
final class ProposedSegmentWriter implements AutoCloseable {
    static final long ROW_GROUP_BYTES = 8L << 20;
    static final int CHUNK = 4096;
    private static final MessageType SCHEMA = CaptureSchema.MESSAGE;
    private static final ColumnDescriptor[] DESCRIPTORS = new ColumnDescriptor[Column.count()];
    static {
        for (Column c : Column.values()) {
            for (ColumnDescriptor d : SCHEMA.getColumns()) if (d.getPath()[0].equals(c.id())) DESCRIPTORS[c.ordinal()] = d;
        }
    }

    private final ParquetFileWriter file;
    private final ParquetProperties props;
    private final boolean skipAllNull;
    private final Map<String, Binary> binaries = new HashMap<>();
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private final ColumnWriter[] writers = new ColumnWriter[Column.count()];
    /** Columns the current row group's column store covers. */
    private long storeMask;
    private long rowGroupRows;
    private long rows;

    ProposedSegmentWriter(Path path, boolean skipAllNull, Set<Column> noDictionary) throws IOException {
        this.skipAllNull = skipAllNull;
        ParquetProperties.Builder b = ParquetProperties.builder()
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withPageSize(1 << 20)
                .withDictionaryEncoding(true);
        for (Column c : List.of(Column.TS, Column.SECTOR, Column.ADDR, Column.FILE_OFFSET)) b.withDictionaryEncoding(c.id(), false);
        for (Column c : noDictionary) b.withDictionaryEncoding(c.id(), false);
        this.props = b.build();
        this.file = new ParquetFileWriter(LocalFiles.output(path), SCHEMA, ParquetFileWriter.Mode.CREATE, ROW_GROUP_BYTES,
                0, ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH, ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
                props.getPageWriteChecksumEnabled());
        file.start();
    }

    long rows() {
        return rows;
    }

    /** Writes rows {@code order[from..to)} of {@code b}, in that order. */
    void write(EventBatch b, int[] order, int from, int to) throws IOException {
        long mask = 0;
        for (int i = from; i < to; i++) mask |= b.presence(order[i]);
        if (store == null) open(mask);
        else if ((mask & ~storeMask) != 0) {
            long grown = storeMask | mask;
            flushRowGroup();
            open(grown);
        }
        for (int start = from; start < to; start += CHUNK) {
            int end = Math.min(to, start + CHUNK);
            for (Column c : Column.values()) {
                ColumnWriter w = writers[c.ordinal()];
                if (w != null) writeColumn(w, c, b, order, start, end);
            }
            for (int i = start; i < end; i++) store.endRecord();
            rowGroupRows += end - start;
            rows += end - start;
            if (store.getBufferedSize() >= ROW_GROUP_BYTES) {
                long m = storeMask;
                flushRowGroup();
                open(m);
            }
        }
    }

    private void open(long mask) {
        storeMask = skipAllNull ? mask | 1L << Column.TS.ordinal() | 1L << Column.KIND.ordinal() : -1L >>> (64 - Column.count());
        pages = new ColumnChunkPageWriteStore(ZstdCodecFactory.INSTANCE.getCompressor(CompressionCodecName.ZSTD), SCHEMA,
                HeapByteBufferAllocator.getInstance(), ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                props.getPageWriteChecksumEnabled());
        List<Type> fields = new ArrayList<>();
        for (Column c : Column.values()) if ((storeMask & 1L << c.ordinal()) != 0) fields.add(SCHEMA.getType(c.ordinal()));
        MessageType used = new MessageType(SCHEMA.getName(), fields);
        store = props.newColumnWriteStore(used, pages);
        java.util.Arrays.fill(writers, null);
        for (Column c : Column.values()) {
            if ((storeMask & 1L << c.ordinal()) != 0) writers[c.ordinal()] = store.getColumnWriter(DESCRIPTORS[c.ordinal()]);
        }
        rowGroupRows = 0;
    }

    private void writeColumn(ColumnWriter w, Column c, EventBatch b, int[] order, int from, int to) {
        switch (c) {
            case TS -> {
                for (int i = from; i < to; i++) w.write(b.ts(order[i]), 0, 0);
                return;
            }
            case KIND -> {
                for (int i = from; i < to; i++) w.write(binary(b.kind(order[i]).id()), 0, 0);
                return;
            }
            default -> {}
        }
        long bit = 1L << c.ordinal();
        switch (c.type()) {
            case INT32 -> {
                for (int i = from; i < to; i++) {
                    int r = order[i];
                    if ((b.presence(r) & bit) != 0) w.write(b.getInt(c, r), 0, 1);
                    else w.writeNull(0, 0);
                }
            }
            case INT64 -> {
                for (int i = from; i < to; i++) {
                    int r = order[i];
                    if ((b.presence(r) & bit) != 0) w.write(b.getLong(c, r), 0, 1);
                    else w.writeNull(0, 0);
                }
            }
            case STRING -> {
                for (int i = from; i < to; i++) {
                    int r = order[i];
                    if ((b.presence(r) & bit) != 0) w.write(binary((String) b.getObject(c, r)), 0, 1);
                    else w.writeNull(0, 0);
                }
            }
            case STRING_LIST -> {
                for (int i = from; i < to; i++) {
                    int r = order[i];
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
                for (int i = from; i < to; i++) {
                    int r = order[i];
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
        if (rowGroupRows > 0) {
            store.flush();
            for (Column c : Column.values()) {
                if ((storeMask & 1L << c.ordinal()) == 0) writeAllNullPage(DESCRIPTORS[c.ordinal()], rowGroupRows);
            }
            file.startBlock(rowGroupRows);
            pages.flushToFileWriter(file);
            file.endBlock();
        }
        store.close();
        pages.close();
        store = null;
        pages = null;
    }

    /** One V2 page of {@code n} nulls: levels are a single RLE run of 0, no values. */
    private void writeAllNullPage(ColumnDescriptor d, long n) throws IOException {
        Statistics<?> stats = Statistics.createStats(d.getPrimitiveType());
        stats.incrementNumNulls(n);
        pages.getPageWriter(d).writePageV2((int) n, (int) n, (int) n,
                d.getMaxRepetitionLevel() == 0 ? BytesInput.empty() : zeroRun(n, d.getMaxRepetitionLevel()),
                zeroRun(n, d.getMaxDefinitionLevel()), Encoding.PLAIN, BytesInput.empty(), stats);
    }

    /** RLE/bit-packing hybrid, V2 page style (no length prefix): one RLE run of {@code n} zeros. */
    private static BytesInput zeroRun(long n, int maxLevel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8);
        BytesUtils.writeUnsignedVarInt((int) (n << 1), out);
        int width = BytesUtils.getWidthFromMaxInt(maxLevel);
        for (int i = 0; i < (width + 7) / 8; i++) out.write(0);
        return BytesInput.from(out.toByteArray());
    }

    void close(Map<String, String> footer) throws IOException {
        flushRowGroup();
        file.end(footer);
    }

    @Override
    public void close() throws IOException {
        close(Map.of());
    }
}
