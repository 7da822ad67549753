package dev.jrec.gui;

import dev.jrec.analysis.MissingSourceException;
import dev.jrec.analysis.Query;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Runs every query off the UI thread, one at a time (one DuckDB connection serves them all), and hands results
 * back on the UI thread. Work is keyed by what it is for: a newer job for the same key makes an older one's
 * result stale, so a view never shows the answer to a filter the user has already changed.
 */
public final class Jobs implements AutoCloseable {
    /** The work of a job: runs on the query thread. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jrec-query");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> latest = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private volatile OpenCapture capture;
    /** Jobs up to this sequence number were cancelled: jobs submitted after Cancel still run. */
    private volatile int cancelledThrough;
    private int sequence;

    /** The capture whose running statement Cancel stops. */
    public void capture(OpenCapture c) {
        this.capture = c;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What is running, or how the last job ended when it failed or was cancelled. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * Submits work; {@code done} gets its result on the UI thread unless a newer job with the same key was
     * submitted meanwhile, and {@code failed} gets a one-line reason when it fails (not when it is cancelled).
     * Call on the UI thread.
     */
    public <T> void submit(String key, String label, Work<T> work, Consumer<T> done, Consumer<String> failed) {
        submit(key, label, work, done, failed, r -> {});
    }

    /**
     * As {@link #submit(String, String, Work, Consumer, Consumer)}; a result that is not handed to {@code done} (a
     * newer job with the same key came, or Cancel) goes to {@code dropped}, on the UI thread: what must be closed.
     */
    public <T> void submit(String key, String label, Work<T> work, Consumer<T> done, Consumer<String> failed, Consumer<T> dropped) {
        int seq = ++sequence;
        latest.put(key, seq);
        pending.incrementAndGet();
        busy.set(true);
        status.set(label + "…");
        executor.execute(() -> {
            T result = null;
            String error = null;
            boolean stale = !isLatest(key, seq);
            if (!stale && seq > cancelledThrough) {
                try {
                    result = work.run();
                } catch (Exception | Error e) {
                    // an Error too: a job that dies without a word would leave the progress indicator spinning
                    error = seq <= cancelledThrough ? null : reason(e);
                }
            }
            boolean skipped = stale || seq <= cancelledThrough;
            T r = result;
            String err = error;
            Platform.runLater(() -> {
                try {
                    if (isLatest(key, seq) && !skipped) {
                        if (err != null) {
                            status.set(label + " failed: " + err);
                            failed.accept(err);
                        } else {
                            done.accept(r);
                        }
                    } else if (r != null) {
                        dropped.accept(r);
                    }
                } finally {
                    latest.remove(key, seq);
                    if (pending.decrementAndGet() == 0) {
                        busy.set(false);
                        if (status.get().endsWith("…")) status.set("");
                    }
                }
            });
        });
    }

    private boolean isLatest(String key, int seq) {
        Integer l = latest.get(key);
        return l != null && l == seq;
    }

    /** Stops the running query (Statement.cancel) and drops the queued ones. Call on the UI thread. */
    public void cancel() {
        if (pending.get() == 0) return;
        cancelledThrough = sequence;
        status.set("cancelled");
        OpenCapture c = capture;
        if (c != null) c.cancelRunning();
    }

    /** True when no job is queued or running and every result has been delivered. */
    public boolean idle() {
        return pending.get() == 0;
    }

    /** The line a user needs from a failure: DuckDB's cause, or the exception's message. */
    public static String reason(Throwable e) {
        if (e instanceof SQLException s) return Query.errorLine(s);
        if (e instanceof MissingSourceException) return e.getMessage();
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        // queued work (closing a capture) finishes; a query that does not stop in time is abandoned with the JVM
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
