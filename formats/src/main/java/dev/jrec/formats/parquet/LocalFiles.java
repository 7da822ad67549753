package dev.jrec.formats.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** Parquet file handles on local paths; the output one fsyncs on close, since segments are crash units. */
public final class LocalFiles {
    private LocalFiles() {}

    /** parquet-java's LocalInputFile reads a byte per system call when copying column chunks; this does not. */
    public static InputFile input(Path p) {
        return new ChannelInputFile(p);
    }

    private record ChannelInputFile(Path path) implements InputFile {
        @Override
        public long getLength() throws IOException {
            return java.nio.file.Files.size(path);
        }

        @Override
        public SeekableInputStream newStream() throws IOException {
            return new ChannelInput(FileChannel.open(path, StandardOpenOption.READ));
        }
    }

    /** Positional reads through a 64 KiB buffer; large reads go straight to the channel. */
    static final class ChannelInput extends SeekableInputStream {
        private final FileChannel ch;
        private final byte[] buf = new byte[1 << 16];
        private long bufStart;
        private int bufLen;
        private long pos;

        ChannelInput(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) {
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            if (!buffered() && !fill()) return -1;
            return buf[(int) (pos++ - bufStart)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (!buffered()) {
                if (len >= buf.length) {
                    int n = ch.read(ByteBuffer.wrap(b, off, len), pos);
                    if (n > 0) pos += n;
                    return n;
                }
                if (!fill()) return -1;
            }
            int n = (int) Math.min(len, bufStart + bufLen - pos);
            System.arraycopy(buf, (int) (pos - bufStart), b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = read(b, off, len);
                if (n < 0) throw new java.io.EOFException("end of file at " + pos + " with " + len + " bytes to read");
                off += n;
                len -= n;
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!dst.hasRemaining()) return 0;
            if (dst.hasArray()) {
                int n = read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (n > 0) dst.position(dst.position() + n);
                return n;
            }
            if (!buffered() && !fill()) return -1;
            int n = (int) Math.min(dst.remaining(), bufStart + bufLen - pos);
            dst.put(buf, (int) (pos - bufStart), n);
            pos += n;
            return n;
        }

        @Override
        public void readFully(ByteBuffer dst) throws IOException {
            while (dst.hasRemaining()) {
                if (read(dst) < 0) throw new java.io.EOFException("end of file at " + pos);
            }
        }

        private boolean buffered() {
            return pos >= bufStart && pos < bufStart + bufLen;
        }

        private boolean fill() throws IOException {
            bufStart = pos;
            bufLen = 0;
            int n = ch.read(ByteBuffer.wrap(buf), pos);
            if (n <= 0) return false;
            bufLen = n;
            return true;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    public static SyncedOutputFile output(Path p) {
        return new SyncedOutputFile(p, () -> false);
    }

    /** An output that, when the disk is full, asks {@code freeSpace} to free some and, if it did, writes again. */
    public static SyncedOutputFile output(Path p, java.util.function.BooleanSupplier freeSpace) {
        return new SyncedOutputFile(p, freeSpace);
    }

    /** An output whose stream can be released even when parquet-java gives up on it mid-write. */
    public static final class SyncedOutputFile implements OutputFile {
        private final Path path;
        private final java.util.function.BooleanSupplier freeSpace;
        private ChannelStream stream;

        SyncedOutputFile(Path path, java.util.function.BooleanSupplier freeSpace) {
            this.path = path;
            this.freeSpace = freeSpace;
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
            stream = new ChannelStream(PrivateFiles.create(path, extra), freeSpace);
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

    /** Whether {@code e}, or what caused it, is ENOSPC: Java gives it only as the message strerror(3) writes. */
    public static boolean noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("No space left on device")) return true;
        }
        return false;
    }

    static final class ChannelStream extends PositionOutputStream {
        private final FileChannel ch;
        private final java.util.function.BooleanSupplier freeSpace;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        private long pos;

        ChannelStream(FileChannel ch, java.util.function.BooleanSupplier freeSpace) {
            this.ch = ch;
            this.freeSpace = freeSpace;
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

        /** A write that finds the disk full is made again once space was freed: what failed is still in the buffer. */
        private void drain() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                try {
                    ch.write(buf);
                } catch (IOException e) {
                    if (!LocalFiles.noSpace(e) || !freeSpace.getAsBoolean()) throw e;
                }
            }
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
