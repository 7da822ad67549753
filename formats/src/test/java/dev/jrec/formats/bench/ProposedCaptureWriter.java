package dev.jrec.formats.bench;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ParquetOptions;
import dev.jrec.formats.schema.CaptureSchema;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.FormatVersion;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.EventBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * PROTOTYPE of the proposed writer (benchmarks only): {@code CaptureWriter}'s segment/merge structure with
 * {@link ProposedSegmentWriter} as the encoder and a merge that reads segments through a FileChannel stream
 * with a real bulk {@code read(byte[], int, int)} (parquet-java's {@code LocalInputFile} stream reads one byte
 * per syscall there; {@code LocalFiles.input} does the same as this since 758a4b5). Simplified: no reorder
 * window (each batch is sorted on its own), no totals and no coalescing of small segments, which together
 * cost under 2 % of the current writer's time on this workload.
 */
final class ProposedCaptureWriter implements AutoCloseable {
    private final Path output;
    private final Path parts;
    private final boolean skipAllNull;
    private final Set<Column> noDictionary;
    private final long segmentNs;
    private final List<Path> closed = new ArrayList<>();
    private final Map<String, String> metadata;
    private ProposedSegmentWriter segment;
    private Path segmentPath;
    private long openedAt;
    private int[] order = new int[0];
    private long[] keys = new long[0];

    ProposedCaptureWriter(Path output, Map<String, String> metadata, boolean skipAllNull, Set<Column> noDictionary, long segmentNs)
            throws IOException {
        this.output = output.toAbsolutePath();
        this.parts = this.output.resolveSibling(this.output.getFileName() + ".parts");
        this.metadata = new LinkedHashMap<>(metadata);
        this.metadata.put(MetadataKeys.FORMAT_VERSION, FormatVersion.CURRENT.toString());
        this.skipAllNull = skipAllNull;
        this.noDictionary = noDictionary;
        this.segmentNs = segmentNs;
        Files.createDirectories(parts);
    }

    void write(EventBatch b) throws IOException {
        int n = b.size();
        if (order.length < n) {
            order = new int[n];
            keys = new long[n];
        }
        long min = Long.MAX_VALUE;
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            min = Math.min(min, b.ts(i));
            if (i > 0 && b.ts(i) < b.ts(i - 1)) sorted = false;
        }
        if (!sorted) {
            for (int i = 0; i < n; i++) keys[i] = ((b.ts(i) - min) << 21) | i;
            Arrays.sort(keys, 0, n);
            for (int i = 0; i < n; i++) order[i] = (int) (keys[i] & ((1 << 21) - 1));
        }
        if (segment == null) {
            segmentPath = parts.resolve(String.format("seg-%06d.parquet.inprogress", closed.size() + 1));
            segment = new ProposedSegmentWriter(segmentPath, skipAllNull, noDictionary);
            openedAt = System.nanoTime();
        }
        segment.write(b, order, 0, n);
        if (System.nanoTime() - openedAt >= segmentNs) closeSegment();
    }

    private void closeSegment() throws IOException {
        Map<String, String> footer = new LinkedHashMap<>(metadata);
        footer.put(MetadataKeys.COMPLETION, "segment");
        segment.close(footer);
        segment = null;
        Path done = parts.resolve(String.format("seg-%06d.parquet", closed.size() + 1));
        Files.move(segmentPath, done, StandardCopyOption.ATOMIC_MOVE);
        closed.add(done);
    }

    /** Returns the capture's size. */
    long close(Map<String, String> end) throws IOException {
        if (segment != null) closeSegment();
        Map<String, String> footer = new LinkedHashMap<>(metadata);
        footer.putAll(end);
        footer.put(MetadataKeys.COMPLETION, "clean");
        footer.put(MetadataKeys.SEGMENTS, Integer.toString(closed.size()));
        long size = merge(closed, output, footer);
        for (Path p : closed) Files.delete(p);
        Files.delete(parts);
        return size;
    }

    @Override
    public void close() throws IOException {
        close(Map.of());
    }

    /** SegmentMerger.merge, reading through {@link #input}. */
    static long merge(List<Path> segments, Path out, Map<String, String> footer) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".merging");
        MessageType schema = CaptureSchema.MESSAGE;
        ParquetFileWriter w = new ParquetFileWriter(LocalFiles.output(tmp), schema, ParquetFileWriter.Mode.CREATE,
                ProposedSegmentWriter.ROW_GROUP_BYTES, 0, 64, Integer.MAX_VALUE, true);
        w.start();
        for (Path seg : segments) {
            try (ParquetFileReader r = ParquetFileReader.open(input(seg), ParquetOptions.read());
                 SeekableInputStream in = input(seg).newStream()) {
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
        w.end(footer);
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(out);
    }

    /** The proposed {@code LocalFiles.input}: a FileChannel stream whose bulk reads are one syscall each. */
    static InputFile input(Path p) {
        return new InputFile() {
            @Override
            public long getLength() throws IOException {
                return Files.size(p);
            }

            @Override
            public SeekableInputStream newStream() throws IOException {
                FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                InputStream in = Channels.newInputStream(ch);
                return new DelegatingSeekableInputStream(in) {
                    @Override
                    public long getPos() throws IOException {
                        return ch.position();
                    }

                    @Override
                    public void seek(long newPos) throws IOException {
                        ch.position(newPos);
                    }
                };
            }
        };
    }
}
