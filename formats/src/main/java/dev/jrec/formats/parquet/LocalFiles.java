package dev.jrec.formats.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** Parquet file handles on local paths; the output one fsyncs on close, since segments are crash units. */
public final class LocalFiles {
    private LocalFiles() {}

    public static InputFile input(Path p) {
        return new LocalInputFile(p);
    }

    public static SyncedOutputFile output(Path p) {
        return new SyncedOutputFile(p);
    }

    /** An output whose stream can be released even when parquet-java gives up on it mid-write. */
    public static final class SyncedOutputFile implements OutputFile {
        private final Path path;
        private ChannelStream stream;

        SyncedOutputFile(Path path) {
            this.path = path;
        }

        /** Closes the file descriptor without flushing: for a file that is being thrown away. */
        public void abandon() {
            if (stream == null) return;
            try {
                stream.ch.close();
            } catch (IOException ignored) {
                // nothing more can be done for a file being discarded
            }
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return open(StandardOpenOption.CREATE_NEW);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        private PositionOutputStream open(StandardOpenOption... extra) throws IOException {
            StandardOpenOption[] opts = java.util.Arrays.copyOf(extra, extra.length + 1);
            opts[extra.length] = StandardOpenOption.WRITE;
            stream = new ChannelStream(FileChannel.open(path, opts));
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
            return path.toString();
        }
    }

    static final class ChannelStream extends PositionOutputStream {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        private long pos;

        ChannelStream(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buf.hasRemaining()) drain();
            buf.put((byte) b);
            pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            pos += len;
            while (len > 0) {
                if (!buf.hasRemaining()) drain();
                int n = Math.min(len, buf.remaining());
                buf.put(b, off, n);
                off += n;
                len -= n;
            }
        }

        private void drain() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }

        @Override
        public void flush() throws IOException {
            drain();
        }

        @Override
        public void close() throws IOException {
            try (ch) {
                drain();
                ch.force(true);
            }
        }
    }
}
