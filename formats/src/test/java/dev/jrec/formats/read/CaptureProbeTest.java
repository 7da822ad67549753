package dev.jrec.formats.read;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CapturePaths;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input gets one line that says what the file is and what to do. */
class CaptureProbeTest {
    @TempDir Path dir;

    private String refusal(Path p) {
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Capture.open(p));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private Path capture(String name, Map<String, String> endMetadata) throws IOException {
        Path out = dir.resolve(name);
        EventBatch b = new EventBatch(2000);
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) SampleEvents.add(b, EventKind.SCHED_SWITCH, i * 1000L, rnd);
        try (CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults())) {
            w.write(b);
            w.close(endMetadata);
        }
        return out;
    }

    @Test
    void missingFile() {
        assertTrue(refusal(dir.resolve("nope.parquet")).endsWith("nope.parquet: no such file"));
    }

    @Test
    void missingFileWithSegmentsPointsToRecover() throws IOException {
        Path p = dir.resolve("crashed.parquet");
        Files.createDirectories(CapturePaths.partsDir(p));
        assertTrue(refusal(p).contains("run 'jrec recover " + p + "'"));
        assertTrue(refusal(CapturePaths.partsDir(p)).contains("jrec recover"));
    }

    @Test
    void directory() {
        assertTrue(refusal(dir).contains("is a directory, not a capture file"));
    }

    @Test
    void emptyTextAndCompressedFiles() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.parquet"));
        assertTrue(refusal(empty).contains("is not a Parquet file (it is empty)"));
        Path text = Files.writeString(dir.resolve("notes.parquet"), "this is a postmortem, not a capture\n");
        assertTrue(refusal(text).contains("does not start with PAR1"));
        Path gz = dir.resolve("c.parquet.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(capture("g.parquet", Map.of())));
        }
        assertTrue(refusal(gz).contains("gzip-compressed: gunzip it first"));
    }

    @Test
    void truncatedCopy() throws IOException {
        byte[] whole = Files.readAllBytes(capture("t.parquet", Map.of()));
        Path half = Files.write(dir.resolve("half.parquet"), java.util.Arrays.copyOf(whole, whole.length / 2));
        String m = refusal(half);
        assertTrue(m.contains("is truncated") && m.contains("copy it again"), m);
    }

    @Test
    void corruptFooter() throws IOException {
        byte[] b = Files.readAllBytes(capture("k.parquet", Map.of()));
        // Keep both magics, garble the footer's thrift bytes just before the length field.
        for (int i = b.length - 200; i < b.length - 8; i++) b[i] = (byte) 0xAB;
        Path bad = Files.write(dir.resolve("bad.parquet"), b);
        assertTrue(refusal(bad).contains("corrupt Parquet footer"));
    }

    @Test
    void foreignParquetFile() throws IOException {
        Path p = dir.resolve("sales.parquet");
        MessageType schema = Types.buildMessage().required(PrimitiveTypeName.INT64).named("amount").named("sales");
        ParquetFileWriter w = new ParquetFileWriter(LocalFiles.output(p), schema, ParquetFileWriter.Mode.CREATE, 1 << 20, 0, 64, Integer.MAX_VALUE, true);
        w.start();
        w.end(Map.of("writer", "someone else"));
        String m = refusal(p);
        assertTrue(m.contains("is a Parquet file but not a jrec capture") && m.contains("DuckDB"), m);
    }

    @Test
    void newerMajorVersionNamesBothVersions() throws IOException {
        Path p = capture("future.parquet", Map.of(MetadataKeys.FORMAT_VERSION, "2.0"));
        String m = refusal(p);
        assertTrue(m.contains("capture format 2.0") && m.contains("format " + dev.jrec.formats.schema.FormatVersion.CURRENT) && m.contains("upgrade jrec"), m);
    }

    @Test
    void newerMinorVersionIsRead() throws IOException {
        Path p = capture("minor.parquet", Map.of(MetadataKeys.FORMAT_VERSION, "1.7"));
        try (Capture c = Capture.open(p)) {
            assertEquals("1.7", c.metadata().formatVersion().toString());
            assertEquals(2000, Capture.readAllEvents(p).size());
        }
    }
}
