package dev.jrec.formats.parquet;

import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.filter2.compat.FilterCompat;

/** Read options that keep parquet-java away from Hadoop classes. */
public final class ParquetOptions {
    private ParquetOptions() {}

    public static ParquetReadOptions read() {
        return read(FilterCompat.NOOP);
    }

    public static ParquetReadOptions read(FilterCompat.Filter filter) {
        return HadoopFreeReadOptions.create(filter, ZstdCodecFactory.INSTANCE);
    }
}
