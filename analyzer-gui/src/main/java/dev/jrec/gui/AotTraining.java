package dev.jrec.gui;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The training run of the workbench's JDK AOT cache (JEP 483/514/515): headless (run it with
 * {@code -Dglass.platform=Headless -Dprism.order=sw} and {@code -XX:AOTCacheOutput=FILE}), it opens a capture and
 * shows each view with what a first look does there, then exits. The launchers run it after a build (./jrec, in the
 * background after the first session) and at release time (bin/jrec's lib/workbench.aot), so that no session of
 * the user's records the cache: recording one made the first session's Quit wait seconds for the JVM to write it.
 * Exits 0 when every view loaded, 1 otherwise (the cache is then not worth keeping).
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: AotTraining CAPTURE.parquet");
            System.exit(2);
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        if (!up.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("JavaFX did not start");
        Platform.setImplicitExit(false);
        // settings of its own: the training must not add the capture to the user's recent files
        Settings settings = new Settings(Preferences.userRoot().node("dev/jrec/aot-training/" + UUID.randomUUID()));
        WorkbenchWindow w = onFx(() -> {
            WorkbenchWindow win = new WorkbenchWindow(new Stage(), settings);
            win.stage().setWidth(1280);
            win.stage().setHeight(820);
            win.show();
            win.open(Path.of(args[0]));
            return win;
        });
        boolean ok = settle(w) && onFx(w::capture) != null;
        if (ok) {
            long start = onFx(() -> w.capture().startNs()), end = onFx(() -> w.capture().endNs());
            onFx(() -> {
                w.filter().window(start + (end - start) / 4, start + (end - start) / 2);
                return null;
            });
            for (CaptureView v : new CaptureView[] {onFx(w::latency), onFx(w::flame), onFx(w::timeline), onFx(w::sql), onFx(w::overview)}) {
                onFx(() -> {
                    w.select(v);
                    return null;
                });
                ok &= settle(w);
            }
            onFx(() -> {
                w.sql().run();
                w.filter().clear();
                return null;
            });
            ok &= settle(w);
        }
        onFx(() -> {
            w.close();
            return null;
        });
        settings.forget();
        Platform.exit();
        System.exit(ok ? 0 : 1);
    }

    private static boolean settle(WorkbenchWindow w) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int quiet = 0; quiet < 3; ) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
            quiet = onFx(() -> w.jobs().idle()) ? quiet + 1 : 0;
        }
        return onFx(() -> w.lastErrorProperty().get()) == null;
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> T onFx(Work<T> work) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        AtomicReference<Exception> err = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                out.set(work.run());
            } catch (Exception e) {
                err.set(e);
            } finally {
                done.countDown();
            }
        });
        done.await();
        if (err.get() != null) throw err.get();
        return out.get();
    }
}
