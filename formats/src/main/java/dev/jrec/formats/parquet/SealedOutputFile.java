package dev.jrec.formats.parquet;

import dev.jrec.formats.schema.MetadataKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A synced output whose file ends up carrying jrec's two checksums (docs/format.md, "Integrity"): the data one
 * is summed as the bytes go by, so it costs no second read; the footer one is summed over the file's tail, held
 * in memory from {@link #seal} to the close, filled in, and only then written and synced.
 */
public final class SealedOutputFile implements OutputFile {
    private final LocalFiles.SyncedOutputFile file;
    private SealingStream stream;

    private SealedOutputFile(LocalFiles.SyncedOutputFile file) {
        this.file = file;
    }

    public static SealedOutputFile create(Path path) {
        return new SealedOutputFile(LocalFiles.output(path));
    }

    /** {@code freeSpace}: see {@link LocalFiles#output(Path, java.util.function.BooleanSupplier)}. */
    public static SealedOutputFile create(Path path, java.util.function.BooleanSupplier freeSpace) {
        return new SealedOutputFile(LocalFiles.output(path, freeSpace));
    }

    /**
     * The key-value pairs to end the file with ({@code ParquetFileWriter.end}, right after this): {@code footer}
     * with any checksums it carried replaced by the data checksum of what was written so far and, last, the footer
     * checksum's placeholder.
     */
    public Map<String, String> seal(Map<String, String> footer) {
        if (stream == null) throw new IllegalStateException("nothing written");
        Map<String, String> m = new LinkedHashMap<>(footer);
        m.remove(MetadataKeys.CHECKSUM_DATA);
        m.remove(MetadataKeys.CHECKSUM_FOOTER);
        m.put(MetadataKeys.CHECKSUM_DATA, FooterSeal.hex(stream.seal()));
        m.put(MetadataKeys.CHECKSUM_FOOTER, FooterSeal.PLACEHOLDER);
        return m;
    }

    /** Closes the file descriptor without flushing: for a file that is being thrown away. */
    public void abandon() {
        file.abandon();
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        stream = new SealingStream(file.create(blockSizeHint));
        return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        stream = new SealingStream(file.createOrOverwrite(blockSizeHint));
        return stream;
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return file.getPath();
    }

    private static final class SealingStream extends PositionOutputStream {
        private final PositionOutputStream out;
        private final CRC32 data = new CRC32();
        private Tail tail;

        SealingStream(PositionOutputStream out) {
            this.out = out;
        }

        long seal() {
            if (tail == null) tail = new Tail();
            return data.getValue();
        }

        @Override
        public long getPos() throws IOException {
            return out.getPos() + (tail == null ? 0 : tail.size());
        }

        @Override
        public void write(int b) throws IOException {
            if (tail != null) {
                tail.write(b);
                return;
            }
            data.update(b);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (tail != null) {
                tail.write(b, off, len);
                return;
            }
            data.update(b, off, len);
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (tail == null) out.flush();
        }

        @Override
        public void close() throws IOException {
            try (out) {
                if (tail != null) {
                    byte[] t = tail.bytes();
                    int at = FooterSeal.find(t, tail.size(), FooterSeal.PLACEHOLDER);
                    if (at < 0) throw new IOException("the footer checksum's placeholder is missing from the footer written to " + this);
                    CRC32 crc = new CRC32();
                    crc.update(t, 0, tail.size());
                    byte[] v = FooterSeal.hex(crc.getValue()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    System.arraycopy(v, 0, t, at, v.length);
                    out.write(t, 0, tail.size());
                }
            }
        }
    }

    /** The buffer without the copy toByteArray makes. */
    private static final class Tail extends ByteArrayOutputStream {
        Tail() {
            super(1 << 16);
        }

        byte[] bytes() {
            return buf;
        }
    }
}
