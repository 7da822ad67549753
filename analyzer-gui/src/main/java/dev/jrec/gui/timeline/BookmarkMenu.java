package dev.jrec.gui.timeline;

import dev.jrec.analysis.Filter;
import dev.jrec.gui.OpenCapture;
import dev.jrec.gui.Session;
import dev.jrec.gui.Units;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The timeline's bookmarks: the Bookmark button (and B on the lanes) names what the user looks at and saves it
 * beside the capture ({@link Bookmarks}); the Bookmarks menu shows (a range is selected again) or removes them; the
 * canvas draws them as flags.
 */
final class BookmarkMenu {
    private final Session session;
    private final TimelineCanvas canvas;
    private final Consumer<String> note;
    private final Button add = new Button("Bookmark (B)");
    private final MenuButton menu = new MenuButton("Bookmarks");
    private Bookmarks bookmarks;

    /** @param note where a failure to read or save the file is said */
    BookmarkMenu(Session session, TimelineCanvas canvas, Consumer<String> note) {
        this.session = session;
        this.canvas = canvas;
        this.note = note;
        add.setTooltip(new Tooltip("Names the selection (or the measure, or the middle of the view) and saves it beside the capture"));
        add.setOnAction(e -> {
            TextInputDialog ask = new TextInputDialog();
            ask.initOwner(session.window());
            ask.setTitle("Bookmark");
            ask.setHeaderText("Name this bookmark (saved beside the capture, in " + (bookmarks == null ? "CAPTURE.bookmarks" : bookmarks.file().getFileName()) + ")");
            ask.showAndWait().ifPresent(this::bookmark);
        });
        canvas.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.B && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
                add.fire();
                e.consume();
            }
        });
        menu.setDisable(true);
    }

    Button addButton() {
        return add;
    }

    MenuButton menu() {
        return menu;
    }

    /** Reads the bookmarks beside {@code c}, unless they are the ones shown. */
    void of(OpenCapture c) {
        if (bookmarks != null && bookmarks.file().equals(Bookmarks.fileOf(c.path()))) return;
        try {
            bookmarks = Bookmarks.load(c.path());
        } catch (IOException e) {
            note.accept("could not read the bookmarks beside the capture: " + e.getMessage());
        }
        show();
    }

    void clear() {
        bookmarks = null;
        show();
    }

    /**
     * Saves a bookmark named {@code label} for what the user is looking at: the selected range, else the measured
     * span, else the middle of the view.
     */
    void bookmark(String label) {
        if (bookmarks == null || canvas.data() == null) return;
        Filter f = session.filter().get();
        long from, to;
        if (f.windowed()) {
            from = f.fromNs();
            to = f.toNs();
        } else if (canvas.measured() >= 0) {
            from = canvas.measureFrom();
            to = from + canvas.measured();
        } else {
            from = to = (canvas.viewFrom() + canvas.viewTo()) / 2;
        }
        try {
            bookmarks.add(from, to, label);
            show();
        } catch (IOException e) {
            note.accept("could not save the bookmark beside the capture (" + e.getMessage() + "): copy the capture somewhere writable to keep bookmarks");
        }
    }

    /** Shows a bookmark with some room around it; a range becomes the selection every view applies. */
    void goTo(Bookmarks.Bookmark b) {
        long pad = Math.max(50_000, (b.toNs() - b.fromNs()) / 4);
        canvas.view(b.fromNs() - pad, b.toNs() + pad);
        if (b.isRange()) session.filter().window(b.fromNs(), b.toNs());
    }

    List<Bookmarks.Bookmark> all() {
        return bookmarks == null ? List.of() : bookmarks.all();
    }

    private void show() {
        List<Bookmarks.Bookmark> all = all();
        canvas.bookmarks(all);
        menu.getItems().clear();
        menu.setDisable(all.isEmpty());
        menu.setText(all.isEmpty() ? "Bookmarks" : "Bookmarks (" + all.size() + ")");
        OpenCapture c = session.capture();
        for (Bookmarks.Bookmark b : all) {
            String at = c == null ? "" : Units.offset(b.fromNs() - c.startNs()) + (b.isRange() ? " + " + Units.duration(b.toNs() - b.fromNs()) : "");
            Menu m = new Menu((b.label().isEmpty() ? "(no name)" : b.label()) + "  —  " + at);
            MenuItem showIt = new MenuItem(b.isRange() ? "Show and select it" : "Show");
            showIt.setOnAction(e -> goTo(b));
            MenuItem remove = new MenuItem("Remove");
            remove.setOnAction(e -> {
                try {
                    bookmarks.remove(b);
                } catch (IOException x) {
                    note.accept("could not save the bookmarks beside the capture: " + x.getMessage());
                }
                show();
            });
            m.getItems().addAll(showIt, remove);
            menu.getItems().add(m);
        }
    }
}
