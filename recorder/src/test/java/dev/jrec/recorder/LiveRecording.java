package dev.jrec.recorder;

import dev.jrec.formats.write.CapturePaths;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/** A recording running on a background thread while a test drives a workload. */
final class LiveRecording implements AutoCloseable {
    private final Recorder recorder;
    private final Thread thread;
    private volatile Recorder.Result result;
    private volatile Throwable failure;
    private final RecordConfig config;

    LiveRecording(RecordConfig config) throws Exception {
        this(config, r -> r);
    }

    /** With {@code setup} applied to the recorder before it starts (a test's hooks and settings). */
    LiveRecording(RecordConfig config, java.util.function.UnaryOperator<Recorder> setup) throws Exception {
        this.config = config;
        this.recorder = setup.apply(new Recorder(config));
        this.thread = Thread.ofPlatform().name("test-recorder").start(() -> {
            try {
                result = recorder.run((e, n, d, b) -> {});
            } catch (Throwable t) {
                failure = t;
            }
        });
        // The parts folder appears once every program is attached.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isDirectory(CapturePaths.partsDir(config.output().toAbsolutePath()))) {
            if (failure != null) throw new AssertionError("recorder failed to start", failure);
            if (System.nanoTime() > deadline) throw new AssertionError("recorder did not start in 60 s");
            Thread.sleep(10);
        }
    }

    Recorder.Result stop() throws Exception {
        Thread.sleep(50); // let the last events of the workload reach the ring buffers
        recorder.requestStop("signal");
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (failure != null) throw new AssertionError("recording failed", failure);
        if (result == null) throw new AssertionError("recording did not finish in 60 s");
        return result;
    }

    @Override
    public void close() throws Exception {
        if (thread.isAlive()) stop();
    }

    RecordConfig config() {
        return config;
    }

    Recorder recorder() {
        return recorder;
    }
}
