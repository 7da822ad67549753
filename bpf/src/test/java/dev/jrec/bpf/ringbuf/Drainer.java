package dev.jrec.bpf.ringbuf;

import java.time.Duration;

/**
 * Drains a reader every period on its own daemon thread. Programs submit
 * with BPF_RB_NO_WAKEUP, so nothing else would: wakeup-driven polling made a
 * context-switch benchmark 3x slower, a 10-50 ms timer about 1.16x.
 */
public final class Drainer implements AutoCloseable {
    private final RingBufferReader reader;
    private final RecordHandler handler;
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long records;

    public Drainer(String name, RingBufferReader reader, RecordHandler handler, Duration period) {
        this.reader = reader;
        this.handler = handler;
        this.periodNanos = period.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("jrec-drain-" + name).unstarted(this::run);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                records += reader.drain(handler);
                java.util.concurrent.locks.LockSupport.parkNanos(periodNanos);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * Stops the thread, then drains what is left from the calling thread;
     * returns the records drained in all. Rethrows a handler failure.
     */
    public long stop() {
        running = false;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + thread.getName(), e);
        }
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed", failure);
        }
        records += reader.drain(handler);
        return records;
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            stop();
        }
    }
}
