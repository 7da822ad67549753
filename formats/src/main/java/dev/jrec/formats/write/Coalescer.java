package dev.jrec.formats.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites runs of small segments into one: a quiet recording closes a tiny segment every second, and
 * copied as they are, each would become a row group whose footer entry costs more than its rows.
 */
final class Coalescer {
    /** Segments under this many rows are worth re-encoding together. */
    static final long SMALL_ROWS = 100_000;
    /** A rewritten run stops at this many rows (a few row groups of the usual size). */
    static final long RUN_ROWS = 2_000_000;

    private Coalescer() {}

    /** A segment to copy, or a run of small segments to rewrite as one. */
    record Part(List<Path> segments, long rows) {
        boolean rewrite() {
            return segments.size() > 1;
        }
    }

    static List<Part> plan(List<Path> segments, List<Long> rows) {
        List<Part> parts = new ArrayList<>();
        List<Path> run = new ArrayList<>();
        long runRows = 0;
        for (int i = 0; i < segments.size(); i++) {
            long n = rows.get(i);
            if (n >= SMALL_ROWS || runRows + n > RUN_ROWS) {
                if (!run.isEmpty()) parts.add(new Part(List.copyOf(run), runRows));
                run.clear();
                runRows = 0;
            }
            if (n >= SMALL_ROWS) {
                parts.add(new Part(List.of(segments.get(i)), n));
            } else {
                run.add(segments.get(i));
                runRows += n;
            }
        }
        if (!run.isEmpty()) parts.add(new Part(List.copyOf(run), runRows));
        return parts;
    }

    /** Writes the rows of {@code segments}, in order, into a new segment file at {@code out}. */
    static void rewrite(List<Path> segments, Path out) throws IOException {
        CaptureRewriter.write(segments, out, null, Map.of());
    }
}
