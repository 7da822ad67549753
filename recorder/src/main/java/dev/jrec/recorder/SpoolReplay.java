package dev.jrec.recorder;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.jrec.bpf.ringbuf.RawSink;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Turns spool chunks into capture rows: ring records through {@link EventRows}, and the drain's marks into
 * what the drain itself did before the spool sat between them — loss rows at the end of each pass (after
 * the events read before its counters), thread rows at the end of each cycle, batches handed on once a
 * second. So the rows come out in the order, and with the times, they had when the drain wrote them. The
 * encoder replays the spool as the recording goes; a recovery replays what a killed recorder left.
 */
final class SpoolReplay {
    private final EventRows decoder;
    private final SeenThreads threads;
    private final LossTracker[] losses;
    private long[] counters = new long[0];

    /**
     * @param threads null: no thread rows (a recovery: /proc no longer describes the recording's threads)
     * @param losses indexed as the drain numbers the sources in its marks
     */
    SpoolReplay(EventRows decoder, SeenThreads threads, List<LossTracker> losses) {
        this(decoder, threads, losses, 0);
    }

    /**
     * @param epochNs a ring recording's age: every this much of event time, at the end of a drain cycle (every
     *     event so far has its thread and stack rows), the decoder starts describing them anew ({@link
     *     EventRows#newEpoch}); 0 for none
     */
    SpoolReplay(EventRows decoder, SeenThreads threads, List<LossTracker> losses, long epochNs) {
        this.decoder = decoder;
        this.threads = threads;
        this.losses = losses.toArray(LossTracker[]::new);
        this.epochNs = epochNs;
    }

    private final long epochNs;
    private long epochEndTs = Long.MIN_VALUE;

    /** Replays one chunk; true once the drain's END mark was met (nothing follows it). */
    boolean chunk(MemorySegment c) {
        long size = c.byteSize();
        for (long at = 0; at < size; ) {
            int bits = c.get(JAVA_INT_UNALIGNED, at), pgoff = c.get(JAVA_INT_UNALIGNED, at + 4);
            int len = RawSink.length(bits);
            long p = at + RawSink.HEADER;
            at += RawSink.size(bits);
            if ((bits & RawSink.DISCARD_BIT) == 0) {
                decoder.onRecord(c, p, len);
                continue;
            }
            if ((pgoff & Spool.MARK) != Spool.MARK) continue; // a record its program discarded
            int type = pgoff & ~Spool.MARK;
            switch (type) {
                case Spool.PASS_START -> {
                    LossTracker loss = losses[c.get(JAVA_INT_UNALIGNED, p)];
                    int n = c.get(JAVA_INT_UNALIGNED, p + 4); // 0: the counters were not read before this pass
                    if (n > 0) {
                        if (counters.length != n) counters = new long[n];
                        for (int i = 0; i < n; i++) counters[i] = c.get(JAVA_LONG_UNALIGNED, p + 16 + i * 8L);
                        loss.read(counters, c.get(JAVA_LONG_UNALIGNED, p + 8));
                    }
                    decoder.startDrain();
                }
                case Spool.PASS_END -> {
                    boolean cut = c.get(JAVA_INT_UNALIGNED, p + 4) != 0;
                    losses[c.get(JAVA_INT_UNALIGNED, p)].write(decoder, cut ? decoder.drainNewestTs() : Long.MAX_VALUE);
                }
                case Spool.CYCLE_END -> {
                    if (threads != null) threads.emit(decoder, decoder.newestTs());
                    if (epochNs > 0) epoch();
                    if (c.get(JAVA_INT_UNALIGNED, p) != 0) decoder.flush();
                }
                case Spool.END -> {
                    end();
                    return true;
                }
                default -> throw new IllegalStateException("spool mark of unknown type " + type + " before " + at);
            }
        }
        return false;
    }

    private void epoch() {
        long ts = decoder.newestTs();
        if (ts == 0) return;
        if (epochEndTs == Long.MIN_VALUE) epochEndTs = ts + epochNs;
        else if (ts >= epochEndTs) {
            decoder.newEpoch();
            epochEndTs = ts + epochNs;
        }
    }

    /** What the end of the recording writes: the threads not described yet, the loss rows still pending. */
    void end() {
        if (threads != null) threads.emitAll(decoder, decoder.newestTs());
        for (LossTracker l : losses) l.write(decoder, Long.MAX_VALUE);
        decoder.flush();
    }
}
