package dev.jrec.formats.write;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CaptureVerifier;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a copy of captures' rows, in order, with some rows changed on the way: frames named later
 * against debug files, runs of small segments joined into one. The rows are re-encoded, so the copy
 * is as compact as a fresh recording.
 */
public final class CaptureRewriter {
    private CaptureRewriter() {}

    /** Changes row {@code row} of {@code out}, a copy of {@code in} just made; most rows are left alone. */
    @FunctionalInterface
    public interface RowEdit {
        void edit(CapturedEvent in, EventBatch out, int row);
    }

    /**
     * Rewrites capture {@code in} into {@code out} (which may be {@code in}: the copy is made next to it
     * and moved over it only once complete; segment files are synced as they close) with footer metadata {@code footer}.
     */
    public static void rewrite(Path in, Path out, RowEdit edit, Map<String, String> footer) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".rewrite-inprogress");
        CaptureVerifier.verify(in); // the copy gets checksums of its own, which must not vouch for damage
        write(List.of(in), tmp, edit, footer);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes the rows of {@code inputs}, in order and edited, into a new file {@code out}; removes it on failure. */
    static void write(List<Path> inputs, Path out, RowEdit edit, Map<String, String> footer) throws IOException {
        EventBatch batch = new EventBatch(8192);
        SegmentFile file = null;
        try {
            file = new SegmentFile(out, () -> footer);
            for (Path seg : inputs) {
                try (Capture c = Capture.open(seg); Capture.EventStream events = c.events(EventFilter.ALL)) {
                    for (CapturedEvent e : events) {
                        if (batch.isFull()) flush(batch, file);
                        int r = copy(e, batch);
                        if (edit != null) edit.edit(e, batch, r);
                    }
                }
            }
            flush(batch, file);
            file.close();
        } catch (IOException | RuntimeException e) {
            if (file != null) file.abandon(); // a close that failed (disk full) left the descriptor open
            Files.deleteIfExists(out);
            throw e;
        }
    }

    private static void flush(EventBatch batch, SegmentFile file) throws IOException {
        for (int r = 0; r < batch.size(); r++) file.write(batch, r);
        file.copyStaged();
        batch.clear();
    }

    private static int copy(CapturedEvent e, EventBatch b) {
        int r = b.add(e.kind(), e.ts());
        for (Column c : Column.values()) {
            if (c.required() || !e.has(c)) continue;
            switch (c.type()) {
                case INT32 -> b.setInt(c, r, e.getInt(c));
                case INT64 -> b.setLong(c, r, e.getLong(c));
                case STRING -> b.setString(c, r, e.getString(c));
                case STRING_LIST -> b.setStrings(c, r, e.getStrings(c).toArray(String[]::new));
                case INT64_LIST -> b.setLongs(c, r, e.getLongs(c));
            }
        }
        return r;
    }
}
