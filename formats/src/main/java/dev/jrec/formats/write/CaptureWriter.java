package dev.jrec.formats.write;

import dev.jrec.formats.schema.FormatVersion;
import dev.jrec.formats.schema.MetadataKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Writes a capture as a series of closed Parquet segments (each a crash-safe unit, see docs/format.md,
 * "Crash safety") and joins them into the single capture file on {@link #close}.
 *
 * <p>Event rows are written in ts order: each batch is sorted, and rows within {@code reorderWindowNs} of
 * the newest ts seen are held back for the next batch, since events from different CPUs reach user space
 * slightly out of order. Table rows (thread, stack, frame) are written in the order they come, so that
 * each precedes the rows that refer to it. Not thread-safe: one writer thread owns it.
 */
public final class CaptureWriter implements AutoCloseable {
    /** @param segmentNs close a segment once it is this old (wall time), bounding what a crash loses
     *  @param segmentMaxRows close a segment at this many rows, bounding the heap a row group holds
     *  @param reorderWindowNs how late (in ts) a row may arrive and still be written in order */
    public record Options(long segmentNs, long segmentMaxRows, long reorderWindowNs, int batchCapacity, LongSupplier clock) {
        public static Options defaults() {
            return new Options(1_000_000_000L, 4_000_000, 1_000_000L, 1 << 16, System::nanoTime);
        }

        public Options withSegmentNs(long ns) {
            return new Options(ns, segmentMaxRows, reorderWindowNs, batchCapacity, clock);
        }

        public Options withSegmentMaxRows(long rows) {
            return new Options(segmentNs, rows, reorderWindowNs, batchCapacity, clock);
        }

        public Options withBatchCapacity(int rows) {
            return new Options(segmentNs, segmentMaxRows, reorderWindowNs, rows, clock);
        }

        public Options withClock(LongSupplier c) {
            return new Options(segmentNs, segmentMaxRows, reorderWindowNs, batchCapacity, c);
        }
    }

    private final Path output;
    private final Path partsDir;
    private final Options options;
    private final Map<String, String> recordingMetadata;
    private final Totals totals = new Totals();
    private final RowOrder order;
    private EventBatch held;
    private EventBatch spare;
    private final List<Path> closed = new ArrayList<>();
    private SegmentFile segment;
    private Path segmentPath;
    private long segmentOpenedAt;
    private long durableRows;
    private Totals durable = new Totals();
    private long lastWrittenTs = Long.MIN_VALUE;
    private long newestTs = Long.MIN_VALUE;
    private boolean finished;
    private final RecordingLock lock;

    private CaptureWriter(Path output, Map<String, String> recordingMetadata, Options options) throws IOException {
        this.output = output.toAbsolutePath();
        this.partsDir = CapturePaths.partsDir(this.output);
        this.options = options;
        this.recordingMetadata = new LinkedHashMap<>(recordingMetadata);
        this.recordingMetadata.put(MetadataKeys.FORMAT_VERSION, FormatVersion.CURRENT.toString());
        this.order = new RowOrder(options.batchCapacity());
        this.held = new EventBatch(options.batchCapacity());
        this.spare = new EventBatch(options.batchCapacity());
        checkOutput(output);
        Files.createDirectories(partsDir.getParent());
        try {
            Files.createDirectory(partsDir); // atomic: of two recorders racing for one output, one gets it
        } catch (FileAlreadyExistsException e) {
            checkOutput(output);
            throw e;
        }
        try {
            this.lock = RecordingLock.acquire(partsDir, RecordingLock.RECORD);
        } catch (RecordingLock.Busy e) {
            throw new FileAlreadyExistsException(e.holder.describe(this.output));
        }
    }

    /**
     * Throws what {@link #create} would throw for an output that exists or a recording's leftovers beside it,
     * so a recorder can refuse before it spends seconds loading probes.
     */
    public static void checkOutput(Path output) throws IOException {
        Path partsDir = CapturePaths.partsDir(output.toAbsolutePath());
        if (Files.exists(output)) {
            throw new FileAlreadyExistsException(output + " exists: choose another output or remove it");
        }
        if (Files.exists(partsDir)) {
            java.util.Optional<RecordingLock.Holder> live = RecordingLock.holder(partsDir);
            if (live.isPresent()) throw new FileAlreadyExistsException(live.get().describe(output));
            throw new FileAlreadyExistsException(partsDir + " exists: an earlier recording to " + output
                    + " did not finish; run 'jrec recover " + output + "' or remove it");
        }
    }

    /**
     * Starts a capture at {@code output}, which must not exist. {@code recordingMetadata} is what is
     * known at start (host, kernel, command line, ...); {@link #close(Map)} adds what is known at the end.
     */
    public static CaptureWriter create(Path output, Map<String, String> recordingMetadata, Options options) throws IOException {
        return new CaptureWriter(output, recordingMetadata, options);
    }

    public Totals totals() {
        return totals;
    }

    public Path output() {
        return output;
    }

    /** Rows in closed segments: what survives if the process dies now. */
    public long durableRows() {
        return durableRows;
    }

    /** Batches of at most this many rows are accepted. */
    public int batchCapacity() {
        return options.batchCapacity();
    }

    /** Writes the rows of {@code batch}; the caller may clear and refill it when this returns. */
    public void write(EventBatch batch) throws IOException {
        if (batch.size() > options.batchCapacity()) throw new IllegalArgumentException("batch larger than batchCapacity");
        int n = batch.size();
        // Table rows go out as they come: a stack must precede the events that name it in the file, and
        // events drained from another ring can carry earlier timestamps than the stack they reuse.
        for (int r = 0; r < n; r++) if (isTable(batch.kind(r))) emitTable(batch, r);
        int[] rows = order.sort(batch);
        if (n > 0) newestTs = Math.max(newestTs, batch.ts(rows[n - 1]));
        long watermark = newestTs - options.reorderWindowNs();
        // Merge the held rows and this batch, both sorted; what is newer than the watermark waits.
        EventBatch keep = spare;
        keep.clear();
        int h = 0, hn = held.size(), i = 0;
        while (h < hn || i < n) {
            boolean fromHeld = i >= n || (h < hn && held.ts(h) <= batch.ts(rows[i]));
            EventBatch src = fromHeld ? held : batch;
            int r = fromHeld ? h++ : rows[i++];
            if (!fromHeld && isTable(src.kind(r))) continue; // written already
            if (src.ts(r) <= watermark) emit(src, r);
            else if (keep.isFull()) emit(src, r); // window overflow: write now rather than grow
            else keep.copyRow(src, r);
        }
        spare = held;
        held = keep;
        maybeRoll();
    }

    /** Closes the current segment if it is old enough; call it when idle, so quiet periods are saved too. */
    public void maybeRoll() throws IOException {
        if (segment != null && options.clock().getAsLong() - segmentOpenedAt >= options.segmentNs()) closeSegment();
    }

    /** Rows of jrec's own tables (threads, stacks, frames), which other rows refer to. */
    static boolean isTable(dev.jrec.formats.schema.EventKind k) {
        return k == dev.jrec.formats.schema.EventKind.THREAD || k == dev.jrec.formats.schema.EventKind.STACK
                || k == dev.jrec.formats.schema.EventKind.FRAME;
    }

    /** Appends a row to the current segment; table rows come straight here, outside the ts order. */
    private void emitTable(EventBatch b, int r) throws IOException {
        if (segment == null) openSegment();
        segment.write(b, r);
        totals.count(b, r);
        if (segment.rows() >= options.segmentMaxRows()) closeSegment();
    }

    private void emit(EventBatch b, int r) throws IOException {
        long ts = b.ts(r);
        if (ts < lastWrittenTs) totals.late();
        else lastWrittenTs = ts;
        emitTable(b, r);
    }

    private void openSegment() throws IOException {
        Path seg = CapturePaths.segment(partsDir, closed.size() + 1);
        segmentPath = CapturePaths.inProgress(seg);
        int index = closed.size() + 1;
        segment = new SegmentFile(segmentPath, () -> segmentFooter(index));
        segmentOpenedAt = options.clock().getAsLong();
    }

    private Map<String, String> segmentFooter(int index) {
        Map<String, String> m = new LinkedHashMap<>(recordingMetadata);
        m.putAll(totals.toMetadata());
        m.put(MetadataKeys.COMPLETION, "segment");
        m.put(MetadataKeys.SEGMENTS, Integer.toString(index));
        if (lastWrittenTs != Long.MIN_VALUE) m.put(MetadataKeys.END_TS, Long.toString(lastWrittenTs));
        return m;
    }

    private void closeSegment() throws IOException {
        SegmentFile s = segment;
        segment = null;
        try {
            s.close();
        } catch (IOException | RuntimeException e) {
            s.abandon(); // a segment that cannot be finished is not durable: drop it, free its space
            Files.deleteIfExists(segmentPath);
            throw e;
        }
        Path done = CapturePaths.segment(partsDir, closed.size() + 1);
        Files.move(segmentPath, done, StandardCopyOption.ATOMIC_MOVE);
        closed.add(done);
        durableRows += s.rows();
        totals.addBytes(Files.size(done));
        durable = totals.copy();
    }

    /** Writes held rows and closes the current segment: everything so far survives a crash. */
    public void flush() throws IOException {
        EventBatch h = held;
        for (int r = 0; r < h.size(); r++) emit(h, r);
        h.clear();
        if (segment != null) closeSegment();
    }

    /**
     * Finishes the capture: flushes, joins the segments into the output file under a footer of the
     * recording metadata, the totals and {@code endMetadata}, and removes the segments.
     */
    public Totals close(Map<String, String> endMetadata) throws IOException {
        if (finished) return totals;
        try (lock) {
            return finish(endMetadata);
        }
    }

    private Totals finish(Map<String, String> endMetadata) throws IOException {
        flush();
        Map<String, String> footer = new LinkedHashMap<>(recordingMetadata);
        footer.putAll(totals.toMetadata());
        footer.putIfAbsent(MetadataKeys.END_TS, lastWrittenTs == Long.MIN_VALUE ? "" : Long.toString(lastWrittenTs));
        footer.putAll(endMetadata);
        footer.put(MetadataKeys.COMPLETION, "clean");
        footer.put(MetadataKeys.SEGMENTS, Integer.toString(closed.size()));
        footer.values().removeIf(String::isEmpty);
        long size = SegmentMerger.merge(closed, output, footer);
        totals.addBytes(size - totals.bytesOnDisk());
        deleteParts(partsDir);
        finished = true;
        return totals;
    }

    @Override
    public void close() throws IOException {
        close(Map.of());
    }

    /**
     * Finishes after a write failed (disk full, I/O error): drops the segment being written — deleting
     * it frees the space the join needs — and joins the closed segments, whose totals go in the footer.
     * Everything that was durable before the failure is in the capture.
     */
    public Totals closeAfterFailure(Map<String, String> endMetadata) throws IOException {
        if (finished) return totals;
        try (lock) {
            return finishAfterFailure(endMetadata);
        }
    }

    private Totals finishAfterFailure(Map<String, String> endMetadata) throws IOException {
        held.clear();
        if (segment != null) {
            segment.abandon(); // finishing it would write again into the failure
            segment = null;
            Files.deleteIfExists(segmentPath);
        }
        Map<String, String> footer = new LinkedHashMap<>(recordingMetadata);
        footer.putAll(durable.toMetadata());
        footer.putAll(endMetadata);
        footer.put(MetadataKeys.COMPLETION, "partial");
        footer.put(MetadataKeys.SEGMENTS, Integer.toString(closed.size()));
        long size = SegmentMerger.merge(closed, output, footer);
        deleteParts(partsDir);
        finished = true;
        Totals t = durable.copy();
        t.addBytes(size - t.bytesOnDisk());
        return t;
    }

    /**
     * Stops without joining, as a killed recorder would: the closed segments stay in the parts folder for
     * {@code jrec recover}, the one being written is dropped, and the lock is released.
     */
    public void abandon() throws IOException {
        if (finished) return;
        finished = true;
        try (lock) {
            if (segment != null) {
                segment.abandon();
                segment = null;
            }
        }
    }

    static void deleteParts(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
