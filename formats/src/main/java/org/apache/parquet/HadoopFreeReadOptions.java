package org.apache.parquet;

import java.util.Map;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Builds {@link ParquetReadOptions} without its Builder, whose constructor loads Hadoop classes
 * (ParquetInputFormat, HadoopCodecs) even when given a PlainParquetConfiguration — parquet-java 1.17
 * and 1.18 alike. Lives in parquet's package because that constructor is package-private; a parquet-java
 * upgrade that changes it fails this file's compilation, never silently.
 */
public final class HadoopFreeReadOptions {
    private HadoopFreeReadOptions() {}

    public static ParquetReadOptions create(FilterCompat.Filter recordFilter, CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
                false, // useSignedStringMinMax
                true, // useStatsFilter: skip row groups by min/max (time ranges)
                true, // useDictionaryFilter: skip row groups lacking a kind
                true, // useRecordFilter
                true, // useColumnIndexFilter: skip pages
                true, // usePageChecksumVerification: report corruption instead of decoding garbage
                false, // useBloomFilter: captures have none
                false, // useOffHeapDecryptBuffer
                false, // useHadoopVectoredIo
                recordFilter,
                ParquetMetadataConverter.NO_FILTER,
                codecs,
                new HeapByteBufferAllocator(),
                8 << 20,
                Map.of(),
                null,
                null,
                new PlainParquetConfiguration());
    }
}
