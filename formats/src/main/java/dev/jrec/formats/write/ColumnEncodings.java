package dev.jrec.formats.write;

import dev.jrec.formats.schema.Column;
import java.util.Set;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.plain.PlainValuesWriter;

/**
 * Which encoding each column's values get. Segments are written with v1 data pages (see
 * {@link SegmentFile}), whose default for a column without a dictionary is PLAIN; this picks per column:
 * <ul>
 * <li>DELTA_BINARY_PACKED for the sorted or clustered 64-bit columns ({@link #DELTA}): timestamps
 * become small deltas.
 * <li>PLAIN for durations ({@link #PLAIN}): they are not sorted, so their deltas are as wide as the
 * values and delta packing stores each at its block's worst width. Measured on a real sched capture
 * (643k events): wait_ns 793 KB delta vs 526 KB plain, dur_ns 796 KB vs 619 KB. BYTE_STREAM_SPLIT would
 * save ~0.2 B/event more, but Parquet readers before 2024 (parquet-java < 1.14, so Spark 3.x) cannot read
 * it for integers, and a capture must open in the tools a postmortem's reader has.
 * <li>the default (dictionary, falling back to PLAIN when it grows too big) for the rest.
 * </ul>
 */
final class ColumnEncodings implements ValuesWriterFactory {
    static final Set<Column> DELTA = Set.of(Column.TS, Column.SECTOR, Column.ADDR, Column.FILE_OFFSET);
    static final Set<Column> PLAIN = Set.of(Column.DUR_NS, Column.WAIT_NS);

    private static final java.util.Map<String, Column> BY_ID = java.util.Arrays.stream(Column.values())
            .collect(java.util.stream.Collectors.toMap(Column::id, c -> c));

    private final DefaultValuesWriterFactory defaults = new DefaultValuesWriterFactory();
    private ParquetProperties props;

    @Override
    public void initialize(ParquetProperties properties) {
        props = properties;
        defaults.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor d) {
        Column c = d.getPath().length == 1 ? BY_ID.get(d.getPath()[0]) : null;
        if (c != null && DELTA.contains(c)) {
            return new DeltaBinaryPackingValuesWriterForLong(props.getInitialSlabSize(), props.getPageSizeThreshold(),
                    HeapByteBufferAllocator.getInstance());
        }
        if (c != null && PLAIN.contains(c)) {
            return new PlainValuesWriter(props.getInitialSlabSize(), props.getPageSizeThreshold(), HeapByteBufferAllocator.getInstance());
        }
        return defaults.newValuesWriter(d);
    }
}
