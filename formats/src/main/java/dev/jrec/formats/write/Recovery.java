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
import org.apache.parquet.hadoop.ParquetFileReader;

/** Turns what an interrupted recording left ({@code OUT.parts/}) into a capture at {@code OUT}. */
public final class Recovery {
    private Recovery() {}

    /** What was recovered; {@code lostSegments} were still being written when the recorder died. */
    public record Result(Path capture, int segments, long lostSegments, long rows, long bytes) {}

    public static Result recover(Path capture) throws IOException {
        Path out = capture.toAbsolutePath();
        Path parts = CapturePaths.partsDir(out);
        if (!Files.isDirectory(parts)) {
            throw new RecoveryException(Files.exists(out)
                    ? out + " is complete: there is nothing to recover"
                    : "nothing to recover: neither " + out + " nor " + parts + " exists");
        }
        if (Files.exists(out)) {
            throw new RecoveryException(out + " and " + parts + " both exist: the merge finished but its cleanup did not; "
                    + "check that 'jrec info " + out + "' opens it, then remove " + parts);
        }
        List<Path> segments = CapturePaths.closedSegments(parts);
        long lost = CapturePaths.inProgressSegments(parts);
        if (segments.isEmpty()) {
            throw new RecoveryException("nothing recoverable in " + parts + ": the recording stopped before its first segment closed");
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
        CaptureWriter.deleteParts(parts);
        return new Result(out, segments.size(), lost, rows, size);
    }

    /** Recovery cannot proceed; the message says why and what to do. */
    public static final class RecoveryException extends IOException {
        RecoveryException(String message) {
            super(message);
        }
    }
}
