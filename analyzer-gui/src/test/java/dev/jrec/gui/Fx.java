package dev.jrec.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

/** Drives JavaFX from tests: the headless platform (JavaFX 26's, see the pom), work on its thread, real mouse events. */
public final class Fx {
    private static boolean started;

    private Fx() {}

    public static synchronized void start() throws InterruptedException {
        if (started) return;
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        if (!up.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("JavaFX did not start");
        Platform.setImplicitExit(false);
        started = true;
    }

    /** Runs on the JavaFX thread and waits for the result. */
    public static <T> T call(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    public static void run(Runnable r) throws Exception {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** Waits until the window's queries are done and their results shown, then for a layout pulse. */
    public static void settle(WorkbenchWindow w) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!call(() -> w.jobs().idle())) {
            if (System.nanoTime() > deadline) throw new AssertionError("queries still running after 60 s: " + call(() -> w.jobs().statusProperty().get()));
            Thread.sleep(10);
        }
        pulse();
        // a result can submit follow-up work (the syscall list, then the histogram)
        while (!call(() -> w.jobs().idle())) Thread.sleep(10);
        pulse();
    }

    /** Lets JavaFX lay out and draw what changed. */
    public static void pulse() throws Exception {
        Thread.sleep(40);
        run(() -> {});
        Thread.sleep(40);
        run(() -> {});
    }

    /** Fires a mouse event at (x, y) in the node's coordinates; JavaFX takes an event's coordinates as the scene's. */
    public static void mouse(Node n, javafx.event.EventType<MouseEvent> type, double x, double y, MouseButton b, int clicks) {
        mouse(n, type, x, y, b, clicks, false);
    }

    public static void mouse(Node n, javafx.event.EventType<MouseEvent> type, double x, double y, MouseButton b, int clicks, boolean shift) {
        javafx.geometry.Point2D s = n.localToScene(x, y), screen = n.localToScreen(x, y);
        double sx = screen == null ? s.getX() : screen.getX(), sy = screen == null ? s.getY() : screen.getY();
        Event.fireEvent(n, new MouseEvent(type, s.getX(), s.getY(), sx, sy, b, clicks, shift, false, false, false,
                b == MouseButton.PRIMARY && type != MouseEvent.MOUSE_RELEASED && type != MouseEvent.MOUSE_CLICKED, false,
                b == MouseButton.SECONDARY, false, false, type == MouseEvent.MOUSE_CLICKED, null));
    }

    /** A press, a few drags and a release: how a user selects a range. */
    public static void drag(Node n, double x1, double y, double x2) {
        mouse(n, MouseEvent.MOUSE_PRESSED, x1, y, MouseButton.PRIMARY, 1);
        for (int i = 1; i <= 4; i++) mouse(n, MouseEvent.MOUSE_DRAGGED, x1 + (x2 - x1) * i / 4, y, MouseButton.PRIMARY, 1);
        mouse(n, MouseEvent.MOUSE_RELEASED, x2, y, MouseButton.PRIMARY, 1);
    }

    /** A left drag with Shift held. */
    public static void shiftDrag(Node n, double x1, double y, double x2) {
        mouse(n, MouseEvent.MOUSE_PRESSED, x1, y, MouseButton.PRIMARY, 1, true);
        for (int i = 1; i <= 4; i++) mouse(n, MouseEvent.MOUSE_DRAGGED, x1 + (x2 - x1) * i / 4, y, MouseButton.PRIMARY, 1, true);
        mouse(n, MouseEvent.MOUSE_RELEASED, x2, y, MouseButton.PRIMARY, 1, true);
    }

    public static void click(Node n, double x, double y) {
        mouse(n, MouseEvent.MOUSE_PRESSED, x, y, MouseButton.PRIMARY, 1);
        mouse(n, MouseEvent.MOUSE_RELEASED, x, y, MouseButton.PRIMARY, 1);
        mouse(n, MouseEvent.MOUSE_CLICKED, x, y, MouseButton.PRIMARY, 1);
    }

    /** The repository's sample-captures folder (tests run in analyzer-gui/). */
    public static Path sample(String name) {
        Path p = Path.of("..", "sample-captures", name + ".parquet").toAbsolutePath().normalize();
        if (!Files.exists(p)) throw new IllegalStateException("no sample capture " + p);
        return p;
    }
}
