package dev.jrec.formats.write;

import dev.jrec.formats.parquet.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Disk space a recording holds for the end of its capture, as SQLite keeps a spare page: a file of zeros
 * (written, not sparse, so the blocks are really taken), deleted when a write finds the disk full so that
 * the loss rows saying what was not written still fit.
 */
final class Reserve {
    private final Path file;
    private volatile long held;

    private Reserve(Path file, long held) {
        this.file = file;
        this.held = held;
    }

    static Reserve hold(Path file, long bytes) throws IOException {
        if (bytes <= 0) return new Reserve(file, 0);
        try (FileChannel ch = PrivateFiles.create(file)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 << 10);
            for (long left = bytes; left > 0; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                left -= ch.write(zeros);
            }
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Reserve(file, bytes);
    }

    long held() {
        return held;
    }

    /**
     * Frees all but {@code keep} bytes (for the last segment, of loss rows), once; false when that was done
     * already, or did not work. Called by a write that found the disk full, which then writes again.
     */
    boolean shrink(long keep) {
        if (held <= keep) return false;
        try (FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(keep);
        } catch (IOException e) {
            return false;
        }
        held = keep;
        return true;
    }

    void release() throws IOException {
        if (held == 0) return;
        Files.deleteIfExists(file);
        held = 0;
    }
}
