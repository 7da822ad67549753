package dev.jrec.recorder;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Replays the spool into capture rows ({@link SpoolReplay}) as the drain fills it.
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
    private final SpoolReplay replay;
    private final Priority.Phases priority;
    private final Hook hook;
    private volatile Throwable failure;
    private volatile boolean ended;
    private volatile long cpuNs;

    /**
     * @param losses indexed as the drain numbers the sources in its marks
     * @param epochNs a ring recording's age ({@link SpoolReplay}), 0 for none
     * @param nice while recording; catchUpNice: once it stopped
     */
    EncoderThread(Spool spool, EventRows decoder, SeenThreads threads, List<LossTracker> losses, long epochNs, int nice, int catchUpNice, Hook hook) {
        super("jrec-encoder");
        setDaemon(true);
        this.spool = spool;
        this.replay = new SpoolReplay(decoder, threads, losses, epochNs);
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
                ended = replay.chunk(chunk);
            }
        } catch (Throwable t) {
            failure = t;
            spool.consumerDied();
        } finally {
            cpuNs = Priority.threadCpuNs();
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
