package dev.jrec.formats.write;

import dev.jrec.formats.parquet.SealedOutputFile;
import dev.jrec.formats.parquet.ZstdCodecFactory;
import dev.jrec.formats.schema.CaptureSchema;
import dev.jrec.formats.schema.Column;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * One complete Parquet file of capture rows: a segment while recording, or a rewritten run of segments.
 *
 * <p>A row's values go into per-column buffers ({@link ColumnBuffer}) and are encoded a column at a time
 * as soon as a page's worth of rows is in ({@link ChunkEncoder}), so that only one page of values is held raw; the pages go through parquet-java's
 * page store (compression, page checksums, column and offset indexes) and file writer. Its row-at-a-time
 * record path walked all 53 fields of the union schema per row, and its column writers still took each
 * value through several calls (docs/performance-writer.md). A column no row of a group uses gets one page
 * of nulls.
 */
final class SegmentFile implements AutoCloseable {
    /** ~8 MiB row groups (encoded): DuckDB parallelizes scans per row group, and far better at this size than 64 MiB. */
    static final long ROW_GROUP_BYTES = 8L << 20;
    private static final MessageType SCHEMA = CaptureSchema.MESSAGE;
    private static final ColumnDescriptor[] DESCRIPTORS = new ColumnDescriptor[Column.count()];
    static {
        for (ColumnDescriptor d : SCHEMA.getColumns()) {
            DESCRIPTORS[Column.valueOf(d.getPath()[0].toUpperCase(java.util.Locale.ROOT)).ordinal()] = d;
        }
    }
    private static final long REQUIRED = 1L << Column.TS.ordinal() | 1L << Column.KIND.ordinal();

    private final SealedOutputFile out;
    private final ParquetFileWriter file;
    private final Supplier<Map<String, String>> footer;
    private final ColumnBuffer[] buffers = new ColumnBuffer[Column.count()];
    private final ColumnBuffer ts = buffer(Column.TS.ordinal());
    private final ColumnBuffer kind = buffer(Column.KIND.ordinal());
    private final ChunkEncoder encoder = new ChunkEncoder();
    /** Rows written but not yet copied: a batch's rows are copied together, a column at a time. */
    private static final int STAGE_ROWS = 4096;
    private final EventBatch[] stagedFrom = new EventBatch[STAGE_ROWS];
    private final int[] stagedRow = new int[STAGE_ROWS];
    private final int[] stagedGeneration = new int[STAGE_ROWS];
    private int staged;
    /** The open row group: its page store, its chunks, its rows, and those still in the buffers. */
    private ColumnChunkPageWriteStore pages;
    private final ChunkEncoder.Chunk[] chunks = new ChunkEncoder.Chunk[Column.count()];
    private int groupRows;
    private int bufferedRows;
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
                ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED);
        file.start();
    }

    private ColumnBuffer buffer(int c) {
        ColumnBuffer b = buffers[c];
        if (b == null) b = buffers[c] = new ColumnBuffer(Column.at(c));
        return b;
    }

    /**
     * Queues row {@code r} of {@code b}. Its values are copied by {@link #copyStaged}, which the caller must call
     * before it clears or refills {@code b} (a copy also happens every {@link #STAGE_ROWS} rows and at close).
     */
    void write(EventBatch b, int r) throws IOException {
        if (staged == STAGE_ROWS) copyStaged();
        stagedFrom[staged] = b;
        stagedRow[staged] = r;
        stagedGeneration[staged++] = b.generation();
        rows++;
    }

    /**
     * Copies the queued rows into the column buffers a column at a time: row by row, each row touched a dozen
     * source and destination arrays at once, and the copy was bound by cache misses.
     */
    void copyStaged() throws IOException {
        int n = staged;
        if (n == 0) return;
        staged = 0;
        int row0 = bufferedRows;
        long[] union = new long[EventBatch.WORDS];
        for (int i = 0; i < n; i++) {
            EventBatch b = stagedFrom[i];
            if (b.generation() != stagedGeneration[i]) throw new IllegalStateException("a batch was cleared before its rows were copied");
            ts.addLong(row0 + i, b.ts(stagedRow[i]));
            kind.addObject(row0 + i, b.kind(stagedRow[i]).id());
            for (int w = 0; w < union.length; w++) union[w] |= b.presence(stagedRow[i], w);
        }
        union[0] &= ~REQUIRED;
        for (int w = 0; w < union.length; w++) {
            for (long m = union[w]; m != 0; m &= m - 1) {
                buffer(w * Long.SIZE + Long.numberOfTrailingZeros(m)).copy(stagedFrom, stagedRow, n, row0);
            }
        }
        Arrays.fill(stagedFrom, 0, n, null);
        bufferedRows += n;
        // Rows arrive a stage at a time: write the page before a stage would carry it past PAGE_ROWS, or the
        // encoder would cut a full page and a sliver (20,480 rows as 20,000 + 480).
        if (bufferedRows > ChunkEncoder.PAGE_ROWS - STAGE_ROWS) writePages();
    }

    /**
     * Encodes the buffered rows as the next page of every column the row group has (a page of nulls for a column
     * these rows do not use), and closes the group once its pages take {@link #ROW_GROUP_BYTES}: only a page's worth
     * of values is ever held raw.
     */
    private void writePages() throws IOException {
        if (bufferedRows == 0) return;
        if (pages == null) {
            pages = new ColumnChunkPageWriteStore(ZstdCodecFactory.INSTANCE.getCompressor(CompressionCodecName.ZSTD), SCHEMA,
                    HeapByteBufferAllocator.getInstance(), ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                    ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED);
        }
        long bytes = 0;
        for (int c = 0; c < buffers.length; c++) {
            ColumnBuffer b = buffers[c];
            ChunkEncoder.Chunk chunk = chunks[c];
            if (chunk == null && (b == null || b.values() == 0)) continue;
            ColumnDescriptor d = DESCRIPTORS[c];
            if (chunk == null) {
                chunk = chunks[c] = new ChunkEncoder.Chunk();
                if (groupRows > 0) writeAllNullPage(pages, d, groupRows); // the group's rows before this column's first
            }
            if (b == null || b.values() == 0) writeAllNullPage(pages, d, bufferedRows);
            else encoder.encode(b, bufferedRows, d, pages.getPageWriter(d), chunk);
            if (b != null) b.clear(bufferedRows);
            bytes += pages.getPageWriter(d).getMemSize();
        }
        groupRows += bufferedRows;
        bufferedRows = 0;
        if (bytes >= ROW_GROUP_BYTES) flushRowGroup();
    }

    long rows() {
        return rows;
    }

    private void flushRowGroup() throws IOException {
        writePages();
        if (groupRows == 0) return;
        try {
            for (int c = 0; c < chunks.length; c++) {
                ColumnDescriptor d = DESCRIPTORS[c];
                if (chunks[c] == null) writeAllNullPage(pages, d, groupRows);
                else chunks[c].finish(pages.getPageWriter(d));
            }
            file.startBlock(groupRows);
            pages.flushToFileWriter(file);
            file.endBlock();
        } finally {
            pages.close();
            pages = null;
        }
        Arrays.fill(chunks, null);
        groupRows = 0;
    }

    /** One v1 page of {@code n} nulls: levels are a single RLE run of 0 each, no values. */
    private static void writeAllNullPage(ColumnChunkPageWriteStore pages, ColumnDescriptor d, long n) throws IOException {
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
        copyStaged();
        flushRowGroup();
        file.end(out.seal(footer.get()));
    }

    /** Releases the file after a failed write, without trying to finish it. */
    void abandon() {
        out.abandon();
    }
}
