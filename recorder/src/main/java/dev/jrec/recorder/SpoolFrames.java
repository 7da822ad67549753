package dev.jrec.recorder;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the spool's chunks are framed, so that a killed recorder's spool can still be read, in order, by
 * {@code jrec recover}. The chunks held in memory live in a shared mapping of {@code OUT.parts/spool.mem}
 * (its pages are the page cache's, which outlives the process however it dies), each under a slot header;
 * the chunks spilled to {@code OUT.parts/spool} each follow a frame. Both carry the chunk's sequence number
 * (chunks are numbered as the drain starts filling them) and its length in bytes.
 *
 * <p>Nothing is synced to the disk: this survives the process, not the host.
 */
final class SpoolFrames {
    /** The memory file's header: a magic, then {@code key=value} lines (the jrec version, the sources in drain order). */
    static final int FILE_HEADER = 4096;
    /** Before each chunk in the memory file: a page, so that the chunk's bytes stay page-aligned. */
    static final int SLOT_HEADER = 4096;
    /** Before each chunk in the spill file. */
    static final int FRAME = 64;
    private static final long FILE_MAGIC = 0x314C4F4F5053524AL; // "JRSPOOL1"
    private static final long CHUNK_MAGIC = 0x314B4E4843524A4AL; // "JJRCHNK1"
    private static final long MAGIC = 0, SEQ = 8, LENGTH = 16;
    private static final VarHandle LONG = JAVA_LONG.varHandle();

    private SpoolFrames() {}

    static long memoryFileBytes(int slots, int chunkBytes) {
        return FILE_HEADER + (long) slots * (SLOT_HEADER + chunkBytes);
    }

    /** Writes the memory file's header. */
    static void writeFileHeader(MemorySegment file, Map<String, String> info) {
        StringBuilder text = new StringBuilder();
        info.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length > FILE_HEADER - 12) throw new IllegalArgumentException("spool header too long: " + b.length + " bytes");
        file.set(JAVA_LONG_UNALIGNED, 0, FILE_MAGIC);
        file.set(JAVA_INT_UNALIGNED, 8, b.length);
        MemorySegment.copy(MemorySegment.ofArray(b), 0, file, 12, b.length);
    }

    /**
     * A chunk starts being filled: its length is zeroed before its number changes, so that a kill in between
     * leaves an empty chunk rather than old bytes under a new number.
     */
    static void start(MemorySegment header, long seq) {
        LONG.setRelease(header, LENGTH, 0L);
        LONG.setRelease(header, SEQ, seq);
        LONG.setRelease(header, MAGIC, CHUNK_MAGIC);
    }

    /** The chunk holds {@code length} bytes; ordered after the stores of those bytes. */
    static void length(MemorySegment header, long length) {
        LONG.setRelease(header, LENGTH, length);
    }

    /** A frame for the spill file: written after the chunk's bytes, over a zeroed one written before them. */
    static java.nio.ByteBuffer frame(long seq, long length) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(FRAME).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (length > 0) b.putLong(CHUNK_MAGIC).putLong(seq).putLong(length);
        return b.clear();
    }

    /** A chunk a killed recorder left: its number and its bytes. */
    record Chunk(long seq, MemorySegment bytes) {}

    /** What {@link #read} found: the header's lines, and the chunks in the order they were filled. */
    record Left(Map<String, String> info, List<Chunk> chunks) {}

    /**
     * Every chunk a spool left in {@code memoryFile} and {@code spillFile} (either may be missing), once each,
     * by sequence number. Chunks already encoded are among them: the caller keeps what is not in the capture.
     * The segments live as long as {@code arena}.
     */
    static Left read(Path memoryFile, Path spillFile, int chunkBytes, Arena arena) throws IOException {
        Map<String, String> info = new LinkedHashMap<>();
        Map<Long, Chunk> bySeq = new java.util.HashMap<>();
        MemorySegment mem = map(memoryFile, arena);
        if (mem != null && mem.byteSize() >= FILE_HEADER && mem.get(JAVA_LONG_UNALIGNED, 0) == FILE_MAGIC) {
            int n = mem.get(JAVA_INT_UNALIGNED, 8);
            if (n > 0 && n <= FILE_HEADER - 12) {
                String text = new String(mem.asSlice(12, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                for (String line : text.split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) info.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            for (long at = FILE_HEADER; at + SLOT_HEADER + chunkBytes <= mem.byteSize(); at += SLOT_HEADER + chunkBytes) {
                add(bySeq, mem, at, at + SLOT_HEADER, chunkBytes);
            }
        }
        MemorySegment spill = map(spillFile, arena);
        // Spilled chunks follow each other from the start; the file's space is reused once all were read back,
        // so the chain ends at the first frame that is not one (or at a chunk the spool had not finished writing).
        for (long at = 0; spill != null && at + FRAME <= spill.byteSize(); ) {
            long len = add(bySeq, spill, at, at + FRAME, chunkBytes);
            if (len <= 0) break;
            at += FRAME + len;
        }
        List<Chunk> chunks = new ArrayList<>(bySeq.values());
        chunks.sort(Comparator.comparingLong(Chunk::seq));
        return new Left(info, chunks);
    }

    /** The chunk whose header is at {@code header}, if there is one; its length, or -1. */
    private static long add(Map<Long, Chunk> bySeq, MemorySegment s, long header, long data, int chunkBytes) {
        if (s.get(JAVA_LONG_UNALIGNED, header + MAGIC) != CHUNK_MAGIC) return -1;
        long seq = s.get(JAVA_LONG_UNALIGNED, header + SEQ), len = s.get(JAVA_LONG_UNALIGNED, header + LENGTH);
        if (len <= 0 || len > chunkBytes || data + len > s.byteSize()) return -1;
        bySeq.putIfAbsent(seq, new Chunk(seq, s.asSlice(data, len)));
        return len;
    }

    private static MemorySegment map(Path p, Arena arena) throws IOException {
        if (p == null || !Files.isRegularFile(p) || Files.size(p) == 0) return null;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        }
    }
}
