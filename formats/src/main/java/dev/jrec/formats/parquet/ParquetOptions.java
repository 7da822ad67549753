package dev.jrec.formats.parquet;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;

/** Read options that keep parquet-java away from Hadoop classes. */
public final class ParquetOptions {
    private ParquetOptions() {}

    public static ParquetReadOptions read() {
        return ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(ZstdCodecFactory.INSTANCE)
                .build();
    }
}
