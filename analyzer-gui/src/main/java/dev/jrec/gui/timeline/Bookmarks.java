package dev.jrec.gui.timeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A capture's bookmarks: times or ranges a user marked and named, kept in a small text file beside the capture
 * ({@code capture.parquet.bookmarks}), so that they travel with it into a postmortem and the capture itself stays
 * as the recorder wrote it. One line per bookmark: start and end on the capture clock (ns) and the label, tab
 * separated; lines starting with # are comments.
 */
final class Bookmarks {
    record Bookmark(long fromNs, long toNs, String label) {
        boolean isRange() {
            return toNs > fromNs;
        }
    }

    private final Path file;
    private final List<Bookmark> marks = new ArrayList<>();

    private Bookmarks(Path file) {
        this.file = file;
    }

    /** The file beside {@code capture} where its bookmarks are kept. */
    static Path fileOf(Path capture) {
        return capture.resolveSibling(capture.getFileName() + ".bookmarks");
    }

    /** The bookmarks saved beside {@code capture}; none when there is no file. A line that does not parse is skipped. */
    static Bookmarks load(Path capture) throws IOException {
        Bookmarks b = new Bookmarks(fileOf(capture));
        List<String> lines;
        try {
            lines = Files.readAllLines(b.file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return b;
        }
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", 3);
            try {
                b.marks.add(new Bookmark(Long.parseLong(f[0]), Long.parseLong(f[1]), f.length > 2 ? f[2] : ""));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // another tool's edit: keep what can be read
            }
        }
        b.marks.sort(Comparator.comparingLong(Bookmark::fromNs));
        return b;
    }

    List<Bookmark> all() {
        return List.copyOf(marks);
    }

    Path file() {
        return file;
    }

    /** Adds a bookmark and saves the file; a label's tabs and line breaks become spaces. */
    Bookmark add(long fromNs, long toNs, String label) throws IOException {
        Bookmark b = new Bookmark(Math.min(fromNs, toNs), Math.max(fromNs, toNs), label == null ? "" : label.replaceAll("[\\t\\r\\n]+", " ").strip());
        marks.add(b);
        marks.sort(Comparator.comparingLong(Bookmark::fromNs));
        save();
        return b;
    }

    void remove(Bookmark b) throws IOException {
        if (marks.remove(b)) save();
    }

    /** Writes beside the capture through a temporary file, so a crash never leaves half a file. */
    private void save() throws IOException {
        StringBuilder sb = new StringBuilder("# jrec bookmarks of ").append(file.getFileName().toString().replaceFirst("\\.bookmarks$", ""))
                .append(": start_ns, end_ns (capture clock; equal for a point), label\n");
        for (Bookmark b : marks) sb.append(b.fromNs()).append('\t').append(b.toNs()).append('\t').append(b.label()).append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
