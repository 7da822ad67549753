package dev.jrec.recorder;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.jrec.bpf.ringbuf.RawSink;
import dev.jrec.bpf.ringbuf.RingBufferReader;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The raw ring records between the draining thread and the encoder, in order: copying a record here costs
 * the drain tens of nanoseconds, so the rings are emptied at the pace the kernel fills them whatever the
 * encoder (tens of times that per event) is given of the CPU. Chunks stay in memory up to a bound; past it
 * they are written to a file beside the capture's segments and read back when the encoder gets there, so
 * a storm that outruns the encoder costs disk space for a while instead of events. Only when that file is
 * full too does the drain wait, and the kernel count what its rings then cannot hold.
 *
 * <p>The two sides share no lock: the encoder runs at a low priority, and a drain that waited for a
 * monitor it held would wait as long as the host keeps the encoder off the CPU (seconds, in a storm).
 *
 * <p>Its bytes are the rings' own: records as the kernel wrote them, an 8-byte header ({@code u32} length
 * with the busy and discard bits, {@code u32} page offset) and the record padded to 8 bytes, copied a run
 * at a time. The drain's own marks, which the encoder replays in order with them, are entries of the same
 * shape flagged as discarded, with a page offset no ring has: {@link #MARK} and their type.
 *
 * <p>What it holds outlives a killed recorder: the memory chunks are a shared mapping of a file beside the
 * segments, and every chunk, there or in the spill file, is framed with its number and length
 * ({@link SpoolFrames}), so {@code jrec recover} encodes what the capture's closed segments do not hold.
 */
final class Spool implements AutoCloseable, RawSink {
    /** The page offset of a mark: its high bits; its low byte is the type. */
    static final int MARK = 0xffffff00;
    /** A source's drop counters and the time they were read, before a pass over its ring. */
    static final int PASS_START = 1;
    /** A pass over a source's ring ended; cut: the time slice ended it, not an empty ring. */
    static final int PASS_END = 2;
    /** The drain went over every ring; account: once a second, when rows are handed on. */
    static final int CYCLE_END = 3;
    /** The recording stopped and every ring was drained: nothing follows. */
    static final int END = 4;

    static final int HEADER = RawSink.HEADER, DISCARD_BIT = RawSink.DISCARD_BIT;
    static final int CHUNK_BYTES = 1 << 20;
    /** What a chunk holds: a chunk and its frame take CHUNK_BYTES in the file, so --spool-max of 1 MiB holds one. */
    static final int CHUNK_DATA = CHUNK_BYTES - SpoolFrames.FRAME;

    /** A sealed chunk: in memory ({@code buf}), or {@code length} bytes at {@code filePos} of the file. */
    private record Chunk(MemorySegment buf, long filePos, int length) {}

    private final Arena arena = Arena.ofShared();
    /** The memory chunks' slots, each under its header ({@link SpoolFrames}); a mapped file, or plain memory. */
    private final MemorySegment slots;
    private final Path memoryFile;
    private long nextSeq = 1;
    /** Producer: the header of {@link #current} and the number of the chunk it holds. */
    private MemorySegment currentHeader;
    private long currentSeq;
    private final ConcurrentLinkedQueue<MemorySegment> free = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Chunk> queue = new ConcurrentLinkedQueue<>();
    private volatile Thread producer, consumer;
    private final Path path;
    private final long maxFileBytes;
    private FileChannel file;
    /** Producer: the chunk being filled and how far. */
    private MemorySegment current;
    private int pos;
    /** Producer: where the next spilled chunk goes. Both: the file chunks not read back yet. */
    private long filePos;
    private final AtomicInteger fileChunksPending = new AtomicInteger();
    /** Bytes handed to the encoder and not taken by it yet. */
    private final java.util.concurrent.atomic.AtomicLong backlog = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean readingFile;
    /** Consumer: the buffer a file chunk is read back into; the chunk it handed out last. */
    private final MemorySegment readBack;
    private Chunk taken;
    private volatile boolean closed, consumerDead;
    private boolean ended;
    private volatile long spilledBytes, fileHighWater, stalledNs;

    /** A spool whose memory chunks are plain memory: lost if the process dies. */
    Spool(int memoryChunks, Path file, long maxFileBytes) {
        this(memoryChunks, null, Map.of(), file, maxFileBytes);
    }

    /**
     * @param memoryChunks chunks held in memory (CHUNK_BYTES each) before chunks go to the file
     * @param memoryFile the file they are a mapping of, {@code info} in its header; null, or a file that cannot be
     *     written in full (a full disk: writing to a mapping then would kill the process), for plain memory
     * @param file where chunks go past that; created when first needed, removed by {@link #close}
     * @param maxFileBytes the most the file holds at once; past it the drain waits
     */
    Spool(int memoryChunks, Path memoryFile, Map<String, String> info, Path file, long maxFileBytes) {
        this.path = file;
        this.maxFileBytes = maxFileBytes;
        long bytes = SpoolFrames.memoryFileBytes(memoryChunks, CHUNK_BYTES);
        MemorySegment mapped = memoryFile == null ? null : mapMemoryFile(memoryFile, bytes);
        this.memoryFile = mapped == null ? null : memoryFile;
        slots = mapped != null ? mapped : arena.allocate(bytes, SpoolFrames.SLOT_HEADER);
        SpoolFrames.writeFileHeader(slots, info);
        for (int i = 0; i < memoryChunks; i++) {
            free.add(slots.asSlice(SpoolFrames.FILE_HEADER + (long) i * (SpoolFrames.SLOT_HEADER + CHUNK_BYTES) + SpoolFrames.SLOT_HEADER, CHUNK_BYTES));
        }
        readBack = arena.allocate(CHUNK_BYTES, 8);
        startChunk(free.poll());
    }

    /** Writes the file in full first (so that its blocks exist), then maps it; null if it cannot be. */
    private MemorySegment mapMemoryFile(Path file, long bytes) {
        try (FileChannel ch = dev.jrec.formats.parquet.PrivateFiles.create(file, StandardOpenOption.READ)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long at = 0; at < bytes; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
                at += ch.write(zeros, at);
            }
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
        } catch (IOException | UnsupportedOperationException e) {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing was written that matters
            }
            return null;
        }
    }

    /** Whether what the memory chunks hold outlives the process (see {@link SpoolFrames}). */
    boolean persistent() {
        return memoryFile != null;
    }

    /** The disk the memory file takes, given back at the end. */
    long memoryFileBytes() {
        return memoryFile == null ? 0 : slots.byteSize();
    }

    private void startChunk(MemorySegment chunk) {
        current = chunk;
        pos = 0;
        currentHeader = slots.asSlice(chunk.address() - slots.address() - SpoolFrames.SLOT_HEADER, SpoolFrames.SLOT_HEADER);
        currentSeq = nextSeq++;
        SpoolFrames.start(currentHeader, currentSeq);
    }

    // ---- producer (the draining thread) ----

    @Override
    public long room(long need) {
        if (need + HEADER > CHUNK_DATA) throw new IllegalArgumentException("a " + need + "-byte record does not fit a spool chunk");
        if (CHUNK_DATA - pos < need) seal();
        return CHUNK_DATA - pos;
    }

    @Override
    public void take(MemorySegment s, long off, long len, int records) {
        MemorySegment.copy(s, off, current, pos, len);
        pos += (int) len;
        SpoolFrames.length(currentHeader, pos);
    }

    void passStart(int source, long[] counters, long ts) {
        MemorySegment to = reserve(PASS_START, 16 + counters.length * 8);
        int at = pos + HEADER;
        to.set(JAVA_INT_UNALIGNED, at, source);
        to.set(JAVA_INT_UNALIGNED, at + 4, counters.length);
        to.set(JAVA_LONG_UNALIGNED, at + 8, ts);
        for (int i = 0; i < counters.length; i++) to.set(JAVA_LONG_UNALIGNED, at + 16 + i * 8L, counters[i]);
        pos += HEADER + align(16 + counters.length * 8);
        SpoolFrames.length(currentHeader, pos);
    }

    void passEnd(int source, boolean cut) {
        mark(PASS_END, source, cut ? 1 : 0);
    }

    void cycleEnd(boolean account) {
        mark(CYCLE_END, account ? 1 : 0, 0);
    }

    /** The last entry; the chunk holding it is handed over at once. */
    void end() {
        mark(END, 0, 0);
        ended = true;
        seal();
    }

    boolean ended() {
        return ended;
    }

    private void mark(int type, int a, int b) {
        MemorySegment to = reserve(type, 8);
        to.set(JAVA_INT_UNALIGNED, pos + HEADER, a);
        to.set(JAVA_INT_UNALIGNED, pos + HEADER + 4, b);
        pos += HEADER + 8;
        SpoolFrames.length(currentHeader, pos);
    }

    /** Room for a mark in the current chunk, its header written; pos stays at the header. */
    private MemorySegment reserve(int type, int len) {
        room(HEADER + align(len));
        current.set(JAVA_INT_UNALIGNED, pos, len | DISCARD_BIT);
        current.set(JAVA_INT_UNALIGNED, pos + 4, MARK | type);
        return current;
    }

    /**
     * Hands the current chunk to the encoder: in memory while a free chunk is left to fill next, else
     * written to the file (the chunk is then filled again), else, with the file full, after waiting for the
     * encoder to free one. Called by the drain when a chunk fills, and after each pass so that the encoder
     * is never more than a pass behind when it keeps up.
     */
    void seal() {
        if (pos == 0) return;
        if (consumerDead) { // nothing reads the spool any more: keep draining so the kernel side stays sane
            startChunk(current);
            return;
        }
        // Once chunks go to the file they keep going there until the encoder has read the file back: the memory
        // chunks it frees meanwhile stay as they are, so a killed recorder's consumed chunks (the rows of the segment
        // it was writing) are still in one file or the other for recover (SpoolSalvage).
        boolean spilling = fileChunksPending.get() > 0 || readingFile;
        MemorySegment next = spilling ? null : free.poll();
        if (next == null && !spill()) {
            producer = Thread.currentThread();
            long t0 = System.nanoTime();
            while ((next = free.poll()) == null) {
                if (consumerDead) {
                    startChunk(current);
                    return;
                }
                if (closed) throw new IllegalStateException("the spool was closed");
                if (spill()) break; // the encoder read the file back: it has room again
                LockSupport.parkNanos(this, 1_000_000L);
            }
            stalledNs += System.nanoTime() - t0;
        }
        if (next != null) enqueue(new Chunk(current, -1, pos));
        startChunk(next != null ? next : current); // spilled: the chunk's bytes are in the file, it is filled again
    }

    /** Writes the current chunk to the file; false when the file is at its bound (or cannot be written). */
    private boolean spill() {
        // Everything read back: start over. The encoder marks a read before it counts the chunk off.
        if (fileChunksPending.get() == 0 && !readingFile) filePos = 0;
        if (filePos + SpoolFrames.FRAME + pos > maxFileBytes) return false;
        long at = filePos;
        filePos += SpoolFrames.FRAME + pos;
        try {
            if (file == null) file = dev.jrec.formats.parquet.PrivateFiles.create(path, StandardOpenOption.READ); // events are private
            // A frame is valid only once the bytes it frames are written: a kill in between leaves a zeroed one.
            writeFully(SpoolFrames.frame(0, 0), at);
            writeFully(current.asSlice(0, pos).asByteBuffer(), at + SpoolFrames.FRAME);
            writeFully(SpoolFrames.frame(currentSeq, pos), at);
        } catch (IOException e) {
            filePos = at; // nothing queued after it yet: the space is free again
            return false; // a full disk: the drain waits for memory instead, and the kernel counts drops
        }
        spilledBytes += pos;
        if (filePos > fileHighWater) fileHighWater = filePos;
        enqueue(new Chunk(null, at + SpoolFrames.FRAME, pos));
        return true;
    }

    private void writeFully(ByteBuffer bb, long at) throws IOException {
        for (long p = at; bb.hasRemaining(); ) p += file.write(bb, p);
    }

    private void enqueue(Chunk c) {
        if (c.buf == null) fileChunksPending.incrementAndGet();
        backlog.addAndGet(c.length);
        queue.add(c);
        LockSupport.unpark(consumer);
    }

    // ---- consumer (the encoder) ----

    /**
     * The next chunk's bytes (valid until the next call), or null after {@code timeoutMs} without one. The
     * chunk handed out before is released first.
     */
    MemorySegment take(long timeoutMs) throws InterruptedException, IOException {
        release();
        consumer = Thread.currentThread();
        Chunk c;
        long until = System.nanoTime() + timeoutMs * 1_000_000L;
        while ((c = queue.poll()) == null) {
            long left = until - System.nanoTime();
            if (left <= 0 || closed) return null;
            LockSupport.parkNanos(this, left);
        }
        if (c.buf == null) {
            readingFile = true;
            fileChunksPending.decrementAndGet();
        }
        backlog.addAndGet(-c.length);
        taken = c;
        if (c.buf != null) return c.buf.asSlice(0, c.length);
        ByteBuffer bb = readBack.asSlice(0, c.length).asByteBuffer();
        for (long p = c.filePos; bb.hasRemaining(); ) {
            if (file.read(bb, p + bb.position()) < 0) throw new IOException("the spool file " + path + " ended early");
        }
        return readBack.asSlice(0, c.length);
    }

    private void release() {
        Chunk c = taken;
        taken = null;
        if (c == null) return;
        if (c.buf != null) {
            free.add(c.buf);
            LockSupport.unpark(producer);
        } else {
            readingFile = false;
        }
    }

    /** The encoder failed: the drain goes on, and what it copies is let go. */
    void consumerDied() {
        consumerDead = true;
    }

    /** What the encoder has yet to take, in bytes of ring records: how far behind it is. */
    long backlogBytes() {
        return backlog.get();
    }

    /** Bytes written to the file over the recording. */
    long spilledBytes() {
        return spilledBytes;
    }

    /** The file's largest size: the disk space the spool took at most. */
    long fileBytes() {
        return fileHighWater;
    }

    /** How long the drain waited for the encoder, with memory and file full (the kernel's rings filled meanwhile). */
    long stalledNs() {
        return stalledNs;
    }

    /**
     * Has the JIT compile the drain's path, rings to spool, before the recording needs it: a spool of its
     * own, in memory, takes made-up records from {@link RingBufferReader#warmUpRaw} and gives them back.
     */
    static void warmUp() {
        try (Spool s = new Spool(2, Path.of("/nonexistent"), 0)) {
            RingBufferReader.warmUpRaw(s, () -> {
                s.seal();
                try {
                    while (s.take(0) != null) {
                        // taking the next chunk gives the last one back
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, WARM_UP_ROUNDS);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final int WARM_UP_ROUNDS = 400;

    static int align(int len) {
        return (len + 7) & ~7;
    }

    /** Removes the files; the memory goes when the encoder has finished with it (the caller's order). */
    @Override
    public void close() throws IOException {
        closed = true;
        LockSupport.unpark(consumer);
        try {
            if (file != null) {
                file.close();
                java.nio.file.Files.deleteIfExists(path);
            }
        } finally {
            arena.close();
            if (memoryFile != null) java.nio.file.Files.deleteIfExists(memoryFile);
        }
    }
}
