package dev.jrec.formats.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a recording keeps its segments: {@code OUT.parts/seg-NNNNNN.parquet}, written as
 * {@code .inprogress} and renamed once complete, so a closed segment is always a valid Parquet file.
 */
public final class CapturePaths {
    public static final String PARTS_SUFFIX = ".parts";
    static final String INPROGRESS_SUFFIX = ".inprogress";
    /** Space a recording holds in its parts folder, for its last rows when the disk fills ({@link Reserve}). */
    static final String RESERVE = "reserve";
    /**
     * The recorder's spool: ring records its encoder had not reached, past what memory held ({@link #SPOOL}),
     * and the chunks it held in memory, a shared mapping of {@link #SPOOL_MEMORY}. Recovery encodes what they
     * hold that no closed segment does ({@link Recovery.Salvage}).
     */
    public static final String SPOOL = "spool", SPOOL_MEMORY = "spool.mem";
    /**
     * The recording's metadata (config, host, command line, start), written when the recording starts: what
     * recovery puts in the footer when the recorder was killed before its first segment closed, so that the
     * rows its spool held can still make a capture.
     */
    static final String METADATA = "recording.properties";
    /** Where recovery writes the rows it salvaged from the spool, before they are joined with the segments. */
    static final String SALVAGE = "salvage.parquet";

    private CapturePaths() {}

    public static Path partsDir(Path capture) {
        return capture.resolveSibling(capture.getFileName() + PARTS_SUFFIX);
    }

    static Path segment(Path partsDir, int index) {
        return partsDir.resolve(String.format("seg-%06d.parquet", index));
    }

    /** A ring recording's table segment (thread, stack, frame rows), numbered with the event segments. */
    static Path tables(Path partsDir, int index) {
        return partsDir.resolve(String.format("tables-%06d.parquet", index));
    }

    static Path inProgress(Path segment) {
        return segment.resolveSibling(segment.getFileName() + INPROGRESS_SUFFIX);
    }

    /** Closed segments in recording order. */
    public static List<Path> closedSegments(Path partsDir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(partsDir)) {
            s.filter(p -> p.getFileName().toString().matches("seg-\\d{6}\\.parquet")).sorted().forEach(out::add);
        }
        return out;
    }

    public static long inProgressSegments(Path partsDir) throws IOException {
        try (Stream<Path> s = Files.list(partsDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(INPROGRESS_SUFFIX)).count();
        }
    }
}
