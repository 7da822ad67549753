package dev.jrec.formats.write;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ZstdCodecFactory;
import dev.jrec.formats.schema.Column;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/** One complete Parquet file of capture rows: a segment while recording, or a rewritten capture. */
final class SegmentFile implements AutoCloseable {
    /** ~8 MiB row groups: DuckDB parallelizes scans per row group, and far better at this size than 64 MiB. */
    static final long ROW_GROUP_BYTES = 8L << 20;

    private final BatchWriteSupport support;
    private final ParquetWriter<EventBatch> writer;
    private final LocalFiles.SyncedOutputFile file;
    private long rows;

    SegmentFile(Path path, java.util.function.Supplier<Map<String, String>> footer) throws IOException {
        this.support = new BatchWriteSupport(footer);
        this.file = LocalFiles.output(path);
        this.writer = new Builder(file, support)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(ZstdCodecFactory.INSTANCE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .withPageSize(1 << 20)
                .withDictionaryEncoding(true)
                // Unique-valued columns: a dictionary only costs a failed attempt before the fallback.
                .withDictionaryEncoding(Column.TS.id(), false)
                .withDictionaryEncoding(Column.SECTOR.id(), false)
                .withDictionaryEncoding(Column.ADDR.id(), false)
                .withDictionaryEncoding(Column.FILE_OFFSET.id(), false)
                .build();
    }

    void write(EventBatch batch, int row) throws IOException {
        support.row = row;
        writer.write(batch);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Bytes this segment holds so far, buffered row group included. */
    long dataSize() {
        return writer.getDataSize();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    /** Releases the file after a failed write, without trying to finish it. */
    void abandon() {
        file.abandon();
    }

    private static final class Builder extends ParquetWriter.Builder<EventBatch, Builder> {
        private final BatchWriteSupport support;

        Builder(OutputFile file, BatchWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<EventBatch> getWriteSupport(Configuration conf) {
            return support;
        }

        @Override
        protected WriteSupport<EventBatch> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }
    }
}
