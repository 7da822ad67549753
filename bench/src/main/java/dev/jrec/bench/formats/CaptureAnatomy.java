package dev.jrec.bench.formats;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ParquetOptions;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.MetadataKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.hadoop.metadata.IndexReference;

/**
 * Where the bytes of a capture file go, from its Parquet footer (Hadoop-free, through {@link LocalFiles} and
 * {@link ParquetOptions}): per column, the column chunks (pages, headers, dictionary) and page indexes, and
 * which columns hold no value at all (every value null: the union schema's cost for a single-kind file).
 *
 * <p>file = 4 (magic) + chunks + page indexes + footer + 8 (footer length, magic); {@link #other} is what is
 * left (0 for files written by parquet-java without bloom filters).
 */
final class CaptureAnatomy {
    final long fileBytes;
    final long rows;
    final int rowGroups;
    final long footerBytes;
    final long[] chunkBytes = new long[Column.count()];
    final long[] indexBytes = new long[Column.count()];
    final long[] values = new long[Column.count()];
    final long[] nulls = new long[Column.count()];
    final boolean[] used = new boolean[Column.count()];
    /** Segments the recording closed (footer {@code jrec.segments}); the join may coalesce small ones. */
    final int segments;

    private CaptureAnatomy(Path file) throws IOException {
        fileBytes = Files.size(file);
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(tail, fileBytes - 8);
            footerBytes = tail.getInt(0);
        }
        long r = 0;
        int groups = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(LocalFiles.input(file), ParquetOptions.read())) {
            String n = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(MetadataKeys.SEGMENTS);
            segments = n == null ? -1 : Integer.parseInt(n);
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                groups++;
                r += block.getRowCount();
                for (ColumnChunkMetaData c : block.getColumns()) {
                    int i = Column.valueOf(c.getPath().toArray()[0].toUpperCase(java.util.Locale.ROOT)).ordinal();
                    chunkBytes[i] += c.getTotalSize();
                    indexBytes[i] += length(c.getColumnIndexReference()) + length(c.getOffsetIndexReference());
                    values[i] += c.getValueCount();
                    Statistics<?> s = c.getStatistics();
                    boolean allNull = s != null && s.isNumNullsSet() && s.getNumNulls() == c.getValueCount();
                    if (s != null && s.isNumNullsSet()) nulls[i] += s.getNumNulls();
                    if (!allNull) used[i] = true;
                }
            }
        }
        rows = r;
        rowGroups = groups;
    }

    static CaptureAnatomy of(Path file) throws IOException {
        return new CaptureAnatomy(file);
    }

    private static long length(IndexReference ref) {
        return ref == null ? 0 : ref.getLength();
    }

    int usedColumns() {
        int n = 0;
        for (boolean u : used) if (u) n++;
        return n;
    }

    long usedChunkBytes() {
        long n = 0;
        for (int i = 0; i < used.length; i++) if (used[i]) n += chunkBytes[i];
        return n;
    }

    long usedIndexBytes() {
        long n = 0;
        for (int i = 0; i < used.length; i++) if (used[i]) n += indexBytes[i];
        return n;
    }

    long nullChunkBytes() {
        long n = 0;
        for (int i = 0; i < used.length; i++) if (!used[i]) n += chunkBytes[i];
        return n;
    }

    long nullIndexBytes() {
        long n = 0;
        for (int i = 0; i < used.length; i++) if (!used[i]) n += indexBytes[i];
        return n;
    }

    /** The footer's column-chunk metadata is per column: the all-null columns' share of it, estimated pro rata. */
    long nullFooterShare() {
        return footerBytes * (Column.count() - usedColumns()) / Column.count();
    }

    /** What the all-null columns cost: their chunks, page indexes and footer share. */
    long unionOverheadBytes() {
        return nullChunkBytes() + nullIndexBytes() + nullFooterShare();
    }

    long other() {
        long all = 0;
        for (int i = 0; i < chunkBytes.length; i++) all += chunkBytes[i] + indexBytes[i];
        return fileBytes - 4 - all - footerBytes - 8;
    }
}
