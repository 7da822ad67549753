package dev.jrec.gui.timeline;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.gui.Fx;
import dev.jrec.gui.WorkbenchWindow;
import dev.jrec.gui.Workbenches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bookmarks live in a file beside the capture, survive a reopen, and a range bookmark becomes the selection again. */
class BookmarksTest {
    @TempDir
    Path dir;

    @Test
    void bookmarksAreSavedBesideTheCaptureAndReadBack() throws Exception {
        Path capture = dir.resolve("incident.parquet");
        Bookmarks b = Bookmarks.load(capture);
        assertTrue(b.all().isEmpty(), "no file, no bookmarks");
        b.add(3_000, 1_000, "lock\tconvoy\nstarts");
        b.add(500, 500, "deploy");
        assertEquals(dir.resolve("incident.parquet.bookmarks"), b.file());
        Files.writeString(b.file(), Files.readString(b.file()) + "not\ta bookmark\n");
        List<Bookmarks.Bookmark> read = Bookmarks.load(capture).all();
        assertEquals(List.of(new Bookmarks.Bookmark(500, 500, "deploy"), new Bookmarks.Bookmark(1_000, 3_000, "lock convoy starts")), read,
                "in time order, a range's ends in order, the label on one line, a line that is not a bookmark skipped");
        Bookmarks again = Bookmarks.load(capture);
        again.remove(again.all().getFirst());
        assertEquals(1, Bookmarks.load(capture).all().size());
    }

    @Test
    void aSelectionBookmarkedInTheWorkbenchComesBackAfterAReopen() throws Exception {
        Path capture = Files.copy(Fx.sample("cpu-contention"), dir.resolve("cpu.parquet"));
        WorkbenchWindow w = Workbenches.open(capture);
        long from, to;
        try {
            Fx.run(() -> w.select(w.timeline()));
            Fx.settle(w);
            from = w.capture().startNs() + 1_000_000_000L;
            to = from + 250_000_000L;
            long f = from, t = to;
            Fx.run(() -> w.filter().window(f, t));
            Fx.settle(w);
            Fx.run(() -> w.timeline().bookmarks().bookmark("hogs start"));
            assertTrue(Files.readString(Bookmarks.fileOf(capture)).contains("\thogs start"), "saved beside the capture");
        } finally {
            Workbenches.close(w);
        }
        WorkbenchWindow w2 = Workbenches.open(capture);
        try {
            Fx.run(() -> w2.select(w2.timeline()));
            Fx.settle(w2);
            List<Bookmarks.Bookmark> marks = Fx.call(() -> w2.timeline().bookmarks().all());
            assertEquals(List.of(new Bookmarks.Bookmark(from, to, "hogs start")), marks);
            assertTrue(w2.filter().isEmpty());
            Fx.run(() -> w2.timeline().bookmarks().goTo(marks.getFirst()));
            Fx.settle(w2);
            assertEquals(from, w2.filter().get().fromNs(), "going to a range selects it again");
            assertEquals(to, w2.filter().get().toNs());
        } finally {
            Workbenches.close(w2);
        }
    }
}
