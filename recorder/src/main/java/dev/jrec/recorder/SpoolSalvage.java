package dev.jrec.recorder;

import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CapturePaths;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import dev.jrec.formats.write.Recovery;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code jrec recover} encodes from the spool a killed recorder left: every chunk still in its memory
 * file or its spill file ({@link SpoolFrames}) is replayed as the encoder would have, and the rows after the
 * last closed segment's end are written. Chunks the encoder had already done are among them (their slots
 * and file space are reused, not cleared); the time filter keeps only what no closed segment holds, which
 * also brings back the rows of the segment that was open at the kill.
 *
 * <p>What cannot come back: stacks (the recorder's stack maps died with it, so samples have no stack id),
 * thread rows (/proc describes today's processes, not the recording's), and the drops the kernel counted
 * between the last loss row written and the first the spool still holds.
 */
public final class SpoolSalvage implements Recovery.Salvage {
    private static final String VERSION = "jrec", SOURCES = "sources";

    /** The memory file's header: the version whose record layouts the spool holds, and the sources as the drain numbers them. */
    static Map<String, String> header(String version, List<Source> drainOrder) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(VERSION, version);
        m.put(SOURCES, String.join(",", drainOrder.stream().map(Source::id).toList()));
        return m;
    }

    @Override
    public Recovery.Salvaged salvage(Path parts, long afterTs, Map<String, String> footer, Path out) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            SpoolFrames.Left left = SpoolFrames.read(parts.resolve(CapturePaths.SPOOL_MEMORY), parts.resolve(CapturePaths.SPOOL),
                    Spool.CHUNK_BYTES, arena);
            String version = left.info().get(VERSION);
            Path spill = parts.resolve(CapturePaths.SPOOL);
            if (version == null && java.nio.file.Files.exists(spill) && java.nio.file.Files.size(spill) > 0) {
                return new Recovery.Salvaged(0, "the recorder's spool has no header to read it by (an older jrec left it, or its "
                        + CapturePaths.SPOOL_MEMORY + " is gone): the events in it are not in the capture");
            }
            if (left.chunks().isEmpty()) return Recovery.Salvaged.NONE;
            if (!Recorder.version().equals(version)) {
                return new Recovery.Salvaged(0, "its spool was written by jrec " + version + " and this is " + Recorder.version()
                        + ": recover with that version to encode it");
            }
            List<LossTracker> losses = new ArrayList<>();
            for (String id : left.info().getOrDefault(SOURCES, "").split(",")) {
                if (!id.isEmpty()) losses.add(LossTracker.fromFirstRead(Source.byId(id)));
            }
            Map<String, String> metadata = new LinkedHashMap<>(footer);
            metadata.remove(MetadataKeys.END_TS); // the salvaged rows' own
            CaptureWriter writer = CaptureWriter.create(out, metadata, CaptureWriter.Options.defaults());
            After sink = new After(afterTs, writer);
            EventRows decoder = new EventRows(sink, new SeenThreads(Path.of("/nonexistent"), 0));
            SpoolReplay replay = new SpoolReplay(decoder, null, losses);
            int unreadable = 0;
            boolean ended = false;
            try {
                for (SpoolFrames.Chunk c : left.chunks()) {
                    try {
                        if (replay.chunk(c.bytes())) {
                            ended = true;
                            break;
                        }
                    } catch (java.io.UncheckedIOException e) {
                        throw e.getCause(); // the writer's, not the chunk's
                    } catch (RuntimeException e) { // a chunk whose slot was being refilled at the kill
                        unreadable++;
                    }
                }
                if (!ended) replay.end();
                sink.flush();
                writer.close(Map.of());
            } catch (IOException | RuntimeException e) {
                writer.abandon();
                throw e;
            }
            String note = unreadable == 0 ? null : unreadable + " of the spool's " + left.chunks().size()
                    + " chunks could not be read (being written at the kill)";
            return new Recovery.Salvaged(sink.rows, note);
        }
    }

    /** Hands the writer the rows after {@code afterTs}: those before are in the closed segments already. */
    private static final class After implements EventRows.Sink {
        private final long afterTs;
        private final CaptureWriter writer;
        private final EventBatch out;
        private long rows;

        After(long afterTs, CaptureWriter writer) {
            this.afterTs = afterTs;
            this.writer = writer;
            this.out = new EventBatch(writer.batchCapacity());
        }

        @Override
        public EventBatch next(EventBatch full) {
            if (full == null) return new EventBatch(writer.batchCapacity());
            try {
                for (int r = 0; r < full.size(); r++) {
                    if (full.ts(r) <= afterTs) continue;
                    if (out.isFull()) flush();
                    out.copyRow(full, r);
                    rows++;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            full.clear();
            return full;
        }

        void flush() throws IOException {
            if (out.size() == 0) return;
            writer.write(out);
            writer.maybeRoll();
            out.clear();
        }
    }
}
