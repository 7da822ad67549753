package dev.jrec.formats.write;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.read.CaptureFormatException;
import dev.jrec.formats.read.CaptureVerifier;
import dev.jrec.formats.read.CorruptCaptureException;
import dev.jrec.formats.parquet.ParquetOptions;
import dev.jrec.formats.parquet.SealedOutputFile;
import dev.jrec.formats.schema.CaptureSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Joins closed segments into one capture by copying their row groups byte for byte (no decoding),
 * page indexes included, under a footer of the caller's. The result appears atomically by rename.
 */
final class SegmentMerger {
    private SegmentMerger() {}

    /** Returns the size of the merged file. */
    static long merge(List<Path> segments, Path out, Map<String, String> footer) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".merging");
        Files.deleteIfExists(tmp);
        MessageType schema = CaptureSchema.MESSAGE;
        SealedOutputFile file = SealedOutputFile.create(tmp);
        ParquetFileWriter w = new ParquetFileWriter(file, schema, ParquetFileWriter.Mode.CREATE,
                SegmentFile.ROW_GROUP_BYTES, 0, 64, Integer.MAX_VALUE, true);
        boolean done = false;
        try {
            w.start();
            append(w, schema, segments);
            w.end(file.seal(footer));
            done = true;
        } finally {
            if (!done) {
                file.abandon(); // parquet-java's close would try to finish the file first
                Files.deleteIfExists(tmp);
            }
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(out);
    }

    /** Copies each segment's row groups; runs of small segments are first rewritten as one. */
    private static void append(ParquetFileWriter w, MessageType schema, List<Path> segments) throws IOException {
        List<Long> rows = new java.util.ArrayList<>();
        for (Path seg : segments) {
            rows.add(verified(seg).metadata().rows());
        }
        for (Coalescer.Part part : Coalescer.plan(segments, rows)) {
            if (!part.rewrite()) {
                copy(w, schema, part.segments().getFirst());
                continue;
            }
            Path joined = part.segments().getFirst().resolveSibling(part.segments().getFirst().getFileName() + ".coalesced");
            Coalescer.rewrite(part.segments(), joined);
            try {
                copy(w, schema, joined);
            } finally {
                Files.deleteIfExists(joined);
            }
        }
    }

    /**
     * A segment's bytes are checked before they are copied: the merged file gets checksums of its own, which would
     * otherwise vouch for whatever damage the segment had.
     */
    private static CaptureVerifier.Verified verified(Path seg) throws IOException {
        try {
            return CaptureVerifier.verify(seg);
        } catch (CorruptCaptureException e) {
            Path parts = seg.getParent();
            String name = parts.getFileName().toString();
            if (!name.endsWith(CapturePaths.PARTS_SUFFIX)) throw e;
            Path capture = parts.resolveSibling(name.substring(0, name.length() - CapturePaths.PARTS_SUFFIX.length()));
            throw new CaptureFormatException("segment " + seg + " is corrupt: " + e.damage() + "; move it out of " + parts
                    + " and run 'jrec recover " + capture + "' to join the others (its rows, about a second of the recording, will be missing)");
        }
    }

    private static void copy(ParquetFileWriter w, MessageType schema, Path seg) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(LocalFiles.input(seg), ParquetOptions.read());
             SeekableInputStream in = LocalFiles.input(seg).newStream()) {
            for (BlockMetaData block : r.getRowGroups()) {
                w.startBlock(block.getRowCount());
                for (ColumnChunkMetaData chunk : block.getColumns()) {
                    w.appendColumnChunk(schema.getColumnDescription(chunk.getPath().toArray()), in, chunk,
                            null, r.readColumnIndex(chunk), r.readOffsetIndex(chunk));
                }
                w.endBlock();
            }
        }
    }
}
