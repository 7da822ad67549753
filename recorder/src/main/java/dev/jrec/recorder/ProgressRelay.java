package dev.jrec.recorder;

import java.util.concurrent.locks.LockSupport;

/**
 * Hands the drain's once-a-second figures to {@link Recorder.Progress} on a thread of its own: the
 * progress line is a write to a terminal, and in a storm the terminal's reader (sshd, a terminal
 * emulator, script) is starved like everything else; once its buffer is full the write blocks, and a
 * drain that printed the line itself would stop draining until the reader got the CPU back.
 */
final class ProgressRelay implements AutoCloseable {
    private record Figures(long elapsedNs, long events, long drops, long bytes, long behind) {}

    private final Recorder.Progress progress;
    private final Thread thread;
    private volatile Figures latest;
    private volatile boolean closed;

    ProgressRelay(Recorder.Progress progress) {
        this.progress = progress;
        this.thread = Thread.ofPlatform().name("jrec-progress").daemon().start(this::run);
    }

    /** Drain side: never waits. */
    void publish(long elapsedNs, long events, long drops, long bytes, long behind) {
        latest = new Figures(elapsedNs, events, drops, bytes, behind);
        LockSupport.unpark(thread);
    }

    private void run() {
        Figures shown = null;
        while (!closed) {
            Figures f = latest;
            if (f != null && f != shown) {
                progress.behind(f.behind());
                progress.update(f.elapsedNs(), f.events(), f.drops(), f.bytes());
                shown = f;
            }
            LockSupport.parkNanos(this, 1_000_000_000L);
        }
    }

    /** Stops relaying; a line being written is finished first, so nothing prints after this returns. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        LockSupport.unpark(thread);
        thread.join();
    }
}
