package dev.jrec.formats.write;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ParquetOptions;
import dev.jrec.formats.schema.MetadataKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    public record Result(Path capture, int segments, long lostSegments, long rows, long bytes, boolean cleanedUp, long spoolBytes,
                         Salvaged salvaged) {}

    /**
     * Encodes what a killed recorder left beside its segments (its spool: ring records it had copied but not
     * yet written into a closed segment). Implemented by the recorder, which knows the records' layout.
     */
    public interface Salvage {
        /**
         * Writes, as a capture at {@code out} under the recording's metadata {@code footer}, the rows the files in
         * {@code parts} hold with ts after {@code afterTs} (what no closed segment holds); writes nothing if there
         * are none.
         */
        Salvaged salvage(Path parts, long afterTs, Map<String, String> footer, Path out) throws IOException;
    }

    /**
     * What a {@link Salvage} found: {@code rows} written; {@code note}, when not null, a sentence on what it
     * could not encode and why.
     */
    public record Salvaged(long rows, String note) {
        public static final Salvaged NONE = new Salvaged(0, null);
    }

    public static Result recover(Path capture) throws IOException {
        return recover(capture, null);
    }

    /** @param salvage null: what the recorder's spool holds is not encoded (the result says how large it was) */
    public static Result recover(Path capture, Salvage salvage) throws IOException {
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
            return Files.exists(out) ? finishCleanup(out, parts) : join(out, parts, salvage);
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
        return new Result(out, joined, parseInt(footer.get(MetadataKeys.LOST_SEGMENTS)), rows, Files.size(out), true, spool,
                Salvaged.NONE);
    }

    private static Result join(Path out, Path parts, Salvage salvage) throws IOException {
        sweepTemporaries(out, parts);
        List<Path> segments = CapturePaths.closedSegments(parts);
        long lost = CapturePaths.inProgressSegments(parts);
        boolean spool = salvage != null && hasSpool(parts);
        Map<String, String> footer = null;
        long rows = 0;
        if (!segments.isEmpty()) {
            try (ParquetFileReader last = ParquetFileReader.open(LocalFiles.input(segments.getLast()), ParquetOptions.read())) {
                footer = new LinkedHashMap<>(last.getFileMetaData().getKeyValueMetaData());
            }
            for (Path s : segments) {
                try (ParquetFileReader r = ParquetFileReader.open(LocalFiles.input(s), ParquetOptions.read())) {
                    rows += r.getRecordCount();
                }
            }
        } else if (spool) {
            // killed before its first segment closed: the spool may hold its rows, the start-time file its footer
            footer = RecordingMetadataFile.read(parts.resolve(CapturePaths.METADATA)).map(LinkedHashMap::new).orElse(null);
        }
        Salvaged salvaged = Salvaged.NONE;
        List<Path> joined = new ArrayList<>(segments);
        if (spool && footer != null) {
            Path s = parts.resolve(CapturePaths.SALVAGE);
            salvaged = salvage.salvage(parts, parseLong(footer.get(MetadataKeys.END_TS), Long.MIN_VALUE), footer, s);
            if (salvaged.rows() > 0 && Files.exists(s)) {
                try (ParquetFileReader r = ParquetFileReader.open(LocalFiles.input(s), ParquetOptions.read())) {
                    addTotals(footer, r.getFileMetaData().getKeyValueMetaData());
                    rows += r.getRecordCount();
                }
                footer.put(MetadataKeys.SALVAGED_ROWS, Long.toString(salvaged.rows()));
                joined.add(s);
            }
        }
        if (joined.isEmpty()) throw nothingRecoverable(out, parts, lost, salvaged);
        footer.put(MetadataKeys.COMPLETION, "recovered");
        footer.put(MetadataKeys.SEGMENTS, Integer.toString(segments.size()));
        footer.put(MetadataKeys.LOST_SEGMENTS, Long.toString(lost));
        long size = SegmentMerger.merge(joined, out, footer);
        long spoolBytes = spoolBytes(parts);
        CaptureWriter.deleteParts(parts);
        return new Result(out, segments.size(), lost, rows, size, false, spoolBytes, salvaged);
    }

    /**
     * Killed in its first seconds, with no closed segment and nothing in its spool: nothing on disk is readable,
     * and leaving the folder would only make the next 'record -o' refuse. A spool this jrec could not read
     * ({@code salvaged}'s note) stays, for the version that can.
     */
    private static RecoveryException nothingRecoverable(Path out, Path parts, long lost, Salvaged salvaged) throws IOException {
        String what = "nothing recoverable in " + parts + ": the recording was stopped before its first segment closed"
                + (lost > 0 ? " (" + lost + " unfinished segment lost)" : "");
        if (salvaged.note() != null) {
            return new RecoveryException(what + ", and " + salvaged.note() + "; remove " + parts + " to record to " + out + " again");
        }
        CaptureWriter.deleteParts(parts);
        return new RecoveryException(what + " and its spool held no events; removed it, so 'jrec record -o " + out + "' can run again");
    }

    private static boolean hasSpool(Path parts) {
        return Files.exists(parts.resolve(CapturePaths.SPOOL)) || Files.exists(parts.resolve(CapturePaths.SPOOL_MEMORY));
    }

    /** Adds the counts of {@code more}'s footer to {@code footer}'s; the end is the later one. */
    private static void addTotals(Map<String, String> footer, Map<String, String> more) {
        for (Map.Entry<String, String> e : more.entrySet()) {
            String k = e.getKey();
            if (MetadataKeys.isCount(k)) {
                footer.put(k, Long.toString(parseLong(footer.get(k), 0) + parseLong(e.getValue(), 0)));
            }
        }
        long end = Math.max(parseLong(footer.get(MetadataKeys.END_TS), Long.MIN_VALUE), parseLong(more.get(MetadataKeys.END_TS), Long.MIN_VALUE));
        if (end != Long.MIN_VALUE) footer.put(MetadataKeys.END_TS, Long.toString(end));
    }

    /** Removes what a killed join left half-made: it is redone from the closed segments. */
    private static void sweepTemporaries(Path out, Path parts) throws IOException {
        Files.deleteIfExists(out.resolveSibling(out.getFileName() + ".merging"));
        Files.deleteIfExists(parts.resolve(CapturePaths.RESERVE)); // the space a killed recorder held is the join's now
        Path salvage = parts.resolve(CapturePaths.SALVAGE); // redone from the spool, which stays until the join is done
        Files.deleteIfExists(salvage);
        Files.deleteIfExists(salvage.resolveSibling(CapturePaths.SALVAGE + ".merging"));
        if (Files.isDirectory(CapturePaths.partsDir(salvage))) CaptureWriter.deleteParts(CapturePaths.partsDir(salvage));
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

    private static long parseLong(String s, long otherwise) {
        try {
            return s == null || s.isEmpty() ? otherwise : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return otherwise;
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
