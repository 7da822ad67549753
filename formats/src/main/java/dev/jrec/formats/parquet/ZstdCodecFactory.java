package dev.jrec.formats.parquet;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * ZSTD and UNCOMPRESSED over zstd-jni. parquet-java's own factory loads Hadoop codec classes, which
 * jrec keeps off its runtime classpath; a capture only ever holds these two codecs.
 */
public final class ZstdCodecFactory implements CompressionCodecFactory {
    /** Level 3 is zstd's default: ~2x the speed of level 9 on event columns for a few % of size. */
    public static final int LEVEL = 3;
    public static final ZstdCodecFactory INSTANCE = new ZstdCodecFactory();

    private static final BytesInputCompressor ZSTD = new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            return BytesInput.from(Zstd.compress(bytes.toByteArray(), LEVEL));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {}
    };

    private static final BytesInputCompressor NONE = new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) {
            return bytes;
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.UNCOMPRESSED;
        }

        @Override
        public void release() {}
    };

    private static final BytesInputDecompressor UNZSTD = new BytesInputDecompressor() {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            byte[] out = Zstd.decompress(bytes.toByteArray(), uncompressedSize);
            if (out.length != uncompressedSize) throw new IOException("corrupt ZSTD page: " + out.length + " of " + uncompressedSize + " bytes");
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            output.put(decompress(BytesInput.from(in), uncompressedSize).toByteArray());
        }

        @Override
        public void release() {}
    };

    private static final BytesInputDecompressor IDENTITY = new BytesInputDecompressor() {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
            return bytes;
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
            ByteBuffer slice = input.slice();
            slice.limit(compressedSize);
            output.put(slice);
            input.position(input.position() + compressedSize);
        }

        @Override
        public void release() {}
    };

    private ZstdCodecFactory() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> ZSTD;
            case UNCOMPRESSED -> NONE;
            default -> throw new UnsupportedCodecException(codec);
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD -> UNZSTD;
            case UNCOMPRESSED -> IDENTITY;
            default -> throw new UnsupportedCodecException(codec);
        };
    }

    @Override
    public void release() {}

    /** A file compressed with a codec no jrec writer uses: it was not written by jrec. */
    public static final class UnsupportedCodecException extends RuntimeException {
        UnsupportedCodecException(CompressionCodecName codec) {
            super("column chunks compressed with " + codec + ", which jrec captures never use");
        }
    }
}
