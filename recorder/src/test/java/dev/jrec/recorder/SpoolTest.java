package dev.jrec.recorder;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.bpf.ringbuf.RawSink;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool alone: records and marks come out in the order they went in, from memory and from its file. */
class SpoolTest {
    @TempDir Path dir;

    /** A ring record as the kernel lays it out: header (length, page offset), then a long payload. */
    private static MemorySegment record(Arena a, long value) {
        MemorySegment r = a.allocate(16, 8);
        r.set(JAVA_INT_UNALIGNED, 0, 8);
        r.set(JAVA_INT_UNALIGNED, 4, 3);
        r.set(JAVA_LONG_UNALIGNED, 8, value);
        return r;
    }

    /** What a chunk holds: record payloads as longs, marks as negative type numbers. */
    private static void read(MemorySegment c, List<Long> out) {
        for (long at = 0; at < c.byteSize(); ) {
            int bits = c.get(JAVA_INT_UNALIGNED, at), pgoff = c.get(JAVA_INT_UNALIGNED, at + 4);
            if ((bits & RawSink.DISCARD_BIT) == 0) out.add(c.get(JAVA_LONG_UNALIGNED, at + 8));
            else if ((pgoff & Spool.MARK) == Spool.MARK) out.add((long) -(pgoff & ~Spool.MARK));
            at += RawSink.size(bits);
        }
    }

    @Test
    void recordsAndMarksKeepTheirOrderThroughMemoryAndFile() throws Exception {
        Path file = dir.resolve("spool");
        List<Long> in = new ArrayList<>(), out = new ArrayList<>();
        int perChunk = Spool.CHUNK_DATA / 16;
        try (Arena a = Arena.ofConfined(); Spool s = new Spool(2, file, 64L << 20)) {
            for (long i = 0; i < 5L * perChunk; i++) { // 5 chunks, 2 in memory: the producer spills the rest
                s.room(16);
                s.take(record(a, i), 0, 16, 1);
                in.add(i);
                if (i % 100_000 == 0) {
                    s.cycleEnd(false);
                    in.add((long) -Spool.CYCLE_END);
                }
            }
            s.end();
            in.add((long) -Spool.END);
            assertTrue(s.spilledBytes() >= 3L * Spool.CHUNK_DATA, "chunks past memory went to the file: " + s.spilledBytes());
            assertTrue(Files.exists(file));
            for (MemorySegment c; (c = s.take(0)) != null; ) read(c, out);
            assertEquals(0L, s.stalledNs(), "memory full and the file below its bound: the producer never waited");
        }
        assertEquals(in, out);
        assertFalse(Files.exists(file), "closing removes the file");
    }

    @Test
    void aFullFileMakesTheProducerWaitForTheConsumer() throws Exception {
        Path file = dir.resolve("spool");
        List<Long> out = new ArrayList<>();
        int perChunk = Spool.CHUNK_DATA / 16;
        long n = 4L * perChunk;
        try (Arena a = Arena.ofShared(); Spool s = new Spool(1, file, Spool.CHUNK_BYTES)) {
            Thread producer = Thread.ofPlatform().start(() -> {
                for (long i = 0; i < n; i++) {
                    s.room(16);
                    s.take(record(a, i), 0, 16, 1);
                }
                s.end();
            });
            Thread.sleep(300); // one chunk in memory, one in the file: the producer now waits for this consumer
            assertTrue(producer.isAlive());
            for (MemorySegment c; out.isEmpty() || out.getLast() != -Spool.END; ) {
                if ((c = s.take(1000)) != null) read(c, out);
            }
            producer.join();
            assertTrue(s.stalledNs() > 100_000_000L, "the producer waited: " + s.stalledNs());
            assertNull(s.take(0));
        }
        assertEquals(n + 1, out.size());
        for (int i = 0; i < n; i++) assertEquals(i, (long) out.get(i));
    }

    /**
     * What a killed recorder leaves: the chunks in the memory file's slots and in the spill file are read back
     * by {@link SpoolFrames}, in the order they were filled, the chunk still being filled included.
     */
    @Test
    void aSpoolThatNobodyReadIsReadBackInOrderFromItsFiles() throws Exception {
        Path mem = dir.resolve("spool.mem"), file = dir.resolve("spool");
        List<Long> in = new ArrayList<>(), out = new ArrayList<>();
        int perChunk = Spool.CHUNK_DATA / 16;
        try (Arena a = Arena.ofConfined(); Spool s = new Spool(2, mem, SpoolSalvage.header("v1", List.of()), file, 64L << 20)) {
            assertTrue(s.persistent());
            for (long i = 0; i < 4L * perChunk + 10; i++) { // 1 chunk queued in memory, 3 spilled, 10 records being filled
                s.room(16);
                s.take(record(a, i), 0, 16, 1);
                in.add(i);
            }
            try (Arena r = Arena.ofConfined()) {
                SpoolFrames.Left left = SpoolFrames.read(mem, file, Spool.CHUNK_BYTES, r);
                assertEquals("v1", left.info().get("jrec"));
                for (SpoolFrames.Chunk c : left.chunks()) read(c.bytes(), out);
                assertEquals(5, left.chunks().size(), "one queued in memory, three spilled, the one being filled: " + left.chunks());
            }
        }
        assertEquals(in, out);
        assertFalse(Files.exists(mem), "closing removes the memory file");
    }
}
