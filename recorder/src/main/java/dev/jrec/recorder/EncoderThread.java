package dev.jrec.recorder;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.jrec.bpf.ringbuf.RawSink;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Replays the spool into capture rows: ring records through {@link EventRows}, and the drain's marks into
 * what the drain itself did before the spool sat between them — loss rows at the end of each pass (after
 * the events read before its counters), thread rows at the end of each cycle, batches handed on once a
 * second. So the rows come out in the order, and with the times, they had when the drain wrote them.
 *
 * <p>It runs at a low priority while recording (the CPU it would take is the workload's, and the spool
 * holds what it has not done yet), and at an ordinary one once the recording stops, to catch up.
 */
final class EncoderThread extends Thread {
    /** Seen per chunk: a test's slow encoder. */
    interface Hook {
        void chunk();
    }

    private final Spool spool;
    private final EventRows decoder;
    private final SeenThreads threads;
    private final LossTracker[] losses;
    private final Priority.Phases priority;
    private final Hook hook;
    private volatile Throwable failure;
    private volatile boolean ended;
    private volatile long cpuNs;
    private long[] counters = new long[0];

    /** @param losses indexed as the drain numbers the sources in its marks */
    /** @param nice while recording; catchUpNice: once it stopped */
    EncoderThread(Spool spool, EventRows decoder, SeenThreads threads, List<LossTracker> losses, int nice, int catchUpNice, Hook hook) {
        super("jrec-encoder");
        setDaemon(true);
        this.spool = spool;
        this.decoder = decoder;
        this.threads = threads;
        this.losses = losses.toArray(LossTracker[]::new);
        this.priority = new Priority.Phases(nice, catchUpNice);
        this.hook = hook;
    }

    @Override
    public void run() {
        priority.enter();
        try {
            while (!ended) {
                priority.check();
                MemorySegment chunk = spool.take(200);
                if (chunk == null) continue;
                if (hook != null) hook.chunk();
                replay(chunk);
            }
        } catch (Throwable t) {
            failure = t;
            spool.consumerDied();
        } finally {
            cpuNs = Priority.threadCpuNs();
        }
    }

    private void replay(MemorySegment c) {
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
                    threads.emit(decoder, decoder.newestTs());
                    if (c.get(JAVA_INT_UNALIGNED, p) != 0) decoder.flush();
                }
                case Spool.END -> {
                    threads.emitAll(decoder, decoder.newestTs());
                    for (LossTracker l : losses) l.write(decoder, Long.MAX_VALUE);
                    decoder.flush();
                    ended = true;
                    return;
                }
                default -> throw new IllegalStateException("spool mark of unknown type " + type + " before " + at);
            }
        }
    }

    /** The recording stopped: what is left is encoded at an ordinary priority, not with the host's leftovers. */
    void catchUp() {
        priority.stop();
    }

    Throwable failure() {
        return failure;
    }

    long cpuNs() {
        return cpuNs;
    }

}
