package dev.jrec.formats.write;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ParquetOptions;
import dev.jrec.formats.schema.MetadataKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Turns what an interrupted recording left ({@code OUT.parts/}) into a capture at {@code OUT}, in one run
 * from whatever point the recorder (or an earlier recovery) was killed at: a temporary file is never trusted
 * (a {@code .coalesced} run, {@code OUT.merging} or an {@code .inprogress} segment may be partly written, so
 * the join is redone from the closed segments), and an {@code OUT} that exists was renamed into place
 * complete, so only the cleanup is left. It holds the parts folder's {@link RecordingLock} throughout, so it
 * never touches a live recording and two recoveries do not race.
 */
public final class Recovery {
    private Recovery() {}

    /**
     * What was recovered; {@code lostSegments} were still being written when the recorder died.
     * {@code cleanedUp}: the capture had been joined before the kill and only its parts were left to remove.
     * {@code spoolBytes}: the size of the recorder's spool file: up to that many bytes of ring records its
     * encoder had not reached, which the capture does not hold (0: there was none).
     */
    public record Result(Path capture, int segments, long lostSegments, long rows, long bytes, boolean cleanedUp, long spoolBytes) {}

    public static Result recover(Path capture) throws IOException {
        Path out = capture.toAbsolutePath();
        Path parts = CapturePaths.partsDir(out);
        if (!Files.isDirectory(parts)) {
            throw new RecoveryException(Files.exists(out)
                    ? out + " is complete: there is nothing to recover"
                    : "nothing to recover: neither " + out + " nor " + parts + " exists");
        }
        RecordingLock lock;
        try {
            lock = RecordingLock.acquire(parts, RecordingLock.RECOVER);
        } catch (RecordingLock.Busy e) {
            throw new RecoveryException(e.holder.describe(out));
        }
        try (lock) {
            return Files.exists(out) ? finishCleanup(out, parts) : join(out, parts);
        }
    }

    /** The join finished and {@code out} was renamed into place; the kill came while the parts were being removed. */
    private static Result finishCleanup(Path out, Path parts) throws IOException {
        List<Path> segments = CapturePaths.closedSegments(parts);
        Map<String, String> footer;
        long rows;
        try (ParquetFileReader r = ParquetFileReader.open(LocalFiles.input(out), ParquetOptions.read())) {
            footer = r.getFileMetaData().getKeyValueMetaData();
            rows = r.getRecordCount();
        } catch (IOException | RuntimeException e) {
            throw new RecoveryException(out + " and " + parts + " both exist, and " + out
                    + " is not a readable capture; move " + out + " away, then run 'jrec recover " + out + "' again");
        }
        int joined = parseInt(footer.get(MetadataKeys.SEGMENTS));
        if (footer.get(MetadataKeys.FORMAT_VERSION) == null || joined < segments.size()) {
            throw new RecoveryException(out + " and " + parts + " both exist, and " + out + " does not hold the "
                    + segments.size() + " segments left in " + parts + "; move " + out + " away, then run 'jrec recover " + out + "' again");
        }
        long spool = spoolBytes(parts);
        CaptureWriter.deleteParts(parts);
        return new Result(out, joined, parseInt(footer.get(MetadataKeys.LOST_SEGMENTS)), rows, Files.size(out), true, spool);
    }

    private static Result join(Path out, Path parts) throws IOException {
        sweepTemporaries(out, parts);
        List<Path> segments = CapturePaths.closedSegments(parts);
        long lost = CapturePaths.inProgressSegments(parts);
        if (segments.isEmpty()) {
            // Killed before its first segment closed (the first seconds of a recording): nothing on disk is
            // readable, and leaving the folder would only make the next 'record -o' refuse.
            CaptureWriter.deleteParts(parts);
            throw new RecoveryException("nothing recoverable in " + parts + ": the recording was stopped before its first segment closed"
                    + (lost > 0 ? " (" + lost + " unfinished segment lost)" : "") + "; removed it, so 'jrec record -o " + out + "' can run again");
        }
        Map<String, String> footer;
        long rows = 0;
        try (ParquetFileReader last = ParquetFileReader.open(LocalFiles.input(segments.getLast()), ParquetOptions.read())) {
            footer = new LinkedHashMap<>(last.getFileMetaData().getKeyValueMetaData());
        }
        for (Path s : segments) {
            try (ParquetFileReader r = ParquetFileReader.open(LocalFiles.input(s), ParquetOptions.read())) {
                rows += r.getRecordCount();
            }
        }
        footer.put(MetadataKeys.COMPLETION, "recovered");
        footer.put(MetadataKeys.SEGMENTS, Integer.toString(segments.size()));
        footer.put(MetadataKeys.LOST_SEGMENTS, Long.toString(lost));
        long size = SegmentMerger.merge(segments, out, footer);
        long spool = spoolBytes(parts);
        CaptureWriter.deleteParts(parts);
        return new Result(out, segments.size(), lost, rows, size, false, spool);
    }

    /** Removes what a killed join left half-made: it is redone from the closed segments. */
    private static void sweepTemporaries(Path out, Path parts) throws IOException {
        Files.deleteIfExists(out.resolveSibling(out.getFileName() + ".merging"));
        Files.deleteIfExists(parts.resolve(CapturePaths.RESERVE)); // the space a killed recorder held is the join's now
        try (Stream<Path> s = Files.list(parts)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".coalesced")).toList()) Files.deleteIfExists(p);
        }
    }

    private static long spoolBytes(Path parts) {
        try {
            return Files.size(parts.resolve(CapturePaths.SPOOL));
        } catch (IOException e) {
            return 0; // none: the encoder kept up
        }
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Recovery cannot proceed; the message says why and what to do. */
    public static final class RecoveryException extends IOException implements dev.jrec.formats.CategorizedFailure {
        RecoveryException(String message) {
            super(message);
        }

        @Override
        public Category category() {
            return Category.NOT_A_CAPTURE;
        }
    }
}
