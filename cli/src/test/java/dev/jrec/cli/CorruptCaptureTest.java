package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes flipped in a capture's pages or footer: every reading command refuses it with exit 3 and one line that
 * says where, instead of DuckDB's internals (exit 1) or a different answer (exit 0). Issue 11, item 8.
 */
class CorruptCaptureTest {
    @TempDir Path dir;

    /** Every command that answers from a capture's rows or footer, CAPTURE standing for the file. */
    private static final List<List<String>> READERS = List.of(
            List.of("info", "CAPTURE"),
            List.of("views", "CAPTURE"),
            List.of("report", "CAPTURE", "summary"),
            List.of("report", "CAPTURE", "runqlat"),
            List.of("export", "CAPTURE", "--as", "folded"),
            List.of("export", "CAPTURE", "--as", "html", "-o", "OUT.html"),
            List.of("query", "CAPTURE", "SELECT count(*), sum(dur_ns) FROM sched_switch"),
            List.of("symbolize", "CAPTURE", "--debug-dir", "DIR", "-o", "OUT.parquet"));

    @Test
    void aFlippedByteInThePagesIsExit3NamingThePageForEveryReadingCommand() throws Exception {
        Path good = capture();
        for (String cmd : List.of("info", "report")) {
            CliTest.Run r = cmd.equals("info") ? CliTest.jrec("info", good.toString()) : CliTest.jrec("report", good.toString(), "runqlat");
            assertEquals(0, r.code(), cmd + " on the intact capture: " + r.err());
        }
        List<Chunk> chunks = chunks(good);
        // the largest chunks' middles (page bodies), and the first byte of one (a page header)
        chunks.sort(Comparator.comparingLong(Chunk::size).reversed());
        long[] offsets = {middle(chunks.get(0)), middle(chunks.get(1)), middle(chunks.get(chunks.size() / 2)), chunks.get(0).start() + 1};
        for (long at : offsets) {
            Path bad = flipped(good, at, "page-" + at);
            for (List<String> reader : READERS) {
                CliTest.Run r = CliTest.jrec(args(reader, bad));
                String what = reader + " with byte " + at + " flipped";
                assertEquals(ExitCodes.BAD_INPUT, r.code(), what + ": " + r.err());
                assertEquals(1, r.err().lines().count(), what + ": " + r.err());
                assertTrue(r.err().startsWith("jrec: " + bad + " is corrupt: "), what + ": " + r.err());
                assertTrue(r.err().matches("(?s).*(page|dictionary page|pages).*column '\\w+' in row group \\d+ of \\d+.*|(?s).*a page header is damaged.*"),
                        what + ": " + r.err());
                assertFalse(r.err().contains("ZSTD") || r.err().contains("Exception"), what + ": " + r.err());
                assertEquals("", r.out(), what + " printed an answer");
            }
        }
    }

    @Test
    void aFooterValueChangedSoThatItStillParsesIsExit3() throws Exception {
        Path good = capture();
        byte[] b = Files.readAllBytes(good);
        int at = lastIndexOf(b, "testhost".getBytes(StandardCharsets.US_ASCII));
        assertTrue(at > 0, "the host name is in the footer");
        b[at] = 'T'; // the host as another: a footer that parses, with a wrong value
        Path bad = Files.write(dir.resolve("footer.parquet"), b);
        for (List<String> reader : READERS) {
            CliTest.Run r = CliTest.jrec(args(reader, bad));
            assertEquals(ExitCodes.BAD_INPUT, r.code(), reader + ": " + r.err());
            assertEquals("jrec: " + bad + " is corrupt: its footer (the schema, row groups and recording metadata at the end of the file)"
                    + " fails its checksum; copy it again from where it was recorded", r.err().strip(), reader.toString());
            assertEquals("", r.out());
        }
    }

    @Test
    void aFormat10CaptureWithoutTheFileChecksumsIsCheckedPageByPage() throws Exception {
        Path sample = Path.of("../sample-captures/cpu-contention.parquet");
        CliTest.Run ok = CliTest.jrec("info", sample.toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("format 1.0"), "the samples are of format 1.0: " + ok.out());
        List<Chunk> chunks = chunks(sample);
        chunks.sort(Comparator.comparingLong(Chunk::size).reversed());
        Chunk c = chunks.getFirst();
        Path bad = flipped(sample, middle(c), "sample");
        for (List<String> reader : READERS) {
            CliTest.Run r = CliTest.jrec(args(reader, bad));
            assertEquals(ExitCodes.BAD_INPUT, r.code(), reader + ": " + r.err());
            assertTrue(r.err().contains(" of column '" + c.column() + "' in row group 1 of 1 fails its checksum"),
                    reader + ": " + r.err());
        }
    }

    @Test
    void recoverRefusesADamagedSegmentAndSaysHowToJoinTheOthers() throws Exception {
        Path p = dir.resolve("killed.parquet");
        Random rnd = new Random(5);
        CaptureWriter w = CaptureWriter.create(p, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults());
        for (int seg = 0; seg < 2; seg++) {
            EventBatch b = new EventBatch(5000);
            for (int i = 0; i < 5000; i++) SampleEvents.add(b, EventKind.SCHED_SWITCH, 1_000_000_000L + (seg * 5000L + i) * 1000L, rnd);
            w.write(b);
            w.flush(); // as if the recorder died after two segments closed
        }
        w.abandon(); // and its lock died with it
        List<Path> segments = dev.jrec.formats.write.CapturePaths.closedSegments(dev.jrec.formats.write.CapturePaths.partsDir(p));
        assertEquals(2, segments.size(), segments.toString());
        Path damaged = segments.getLast();
        List<Chunk> chunks = chunks(damaged);
        chunks.sort(Comparator.comparingLong(Chunk::size).reversed());
        byte[] b = Files.readAllBytes(damaged);
        b[(int) middle(chunks.getFirst())] ^= 0x5a;
        Files.write(damaged, b);

        CliTest.Run r = CliTest.jrec("recover", p.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("jrec: segment " + damaged + " is corrupt: page "), r.err());
        assertTrue(r.err().contains("move it out of " + damaged.getParent() + " and run 'jrec recover " + p + "'"), r.err());
        assertFalse(Files.exists(p), "no capture whose checksums vouch for the damage");

        Files.move(damaged, dir.resolve("set-aside.parquet"));
        CliTest.Run again = CliTest.jrec("recover", p.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(0, CliTest.jrec("info", p.toString()).code());
    }

    /** A capture written by jrec's writer: several row groups of scheduler events, so that pages are many. */
    private Path capture() throws Exception {
        Path p = dir.resolve("c.parquet");
        if (Files.exists(p)) return p;
        Random rnd = new Random(11);
        CaptureWriter w = CaptureWriter.create(p, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults());
        for (int batch = 0; batch < 4; batch++) {
            EventBatch b = new EventBatch(20_000);
            for (int i = 0; i < 20_000; i++) {
                SampleEvents.add(b, EventKind.SCHED_SWITCH, 1_000_000_000L + (batch * 20_000L + i) * 1000L, rnd);
            }
            w.write(b);
            w.flush();
        }
        w.close(Map.of(MetadataKeys.END_TS, "1100000000"));
        return p;
    }

    private String[] args(List<String> reader, Path capture) {
        List<String> a = new ArrayList<>();
        for (String s : reader) a.add(switch (s) {
            case "CAPTURE" -> capture.toString();
            case "DIR" -> dir.toString();
            case "OUT.html", "OUT.parquet" -> dir.resolve("out-" + s).toString();
            default -> s;
        });
        return a.toArray(String[]::new);
    }

    /** A column chunk as the footer places it (read by DuckDB, which needs no Hadoop types). */
    record Chunk(String column, long start, long size) {}

    private static List<Chunk> chunks(Path capture) throws Exception {
        List<Chunk> all = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT path_in_schema, coalesce(dictionary_page_offset, data_page_offset), total_compressed_size"
                     + " FROM parquet_metadata('" + capture.toAbsolutePath() + "')")) {
            while (rs.next()) all.add(new Chunk(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
        return all;
    }

    private static long middle(Chunk c) {
        return c.start() + c.size() / 2;
    }

    private Path flipped(Path from, long at, String name) throws Exception {
        byte[] b = Files.readAllBytes(from);
        b[(int) at] ^= (byte) 0x5a;
        return Files.write(dir.resolve(name + ".parquet"), b);
    }

    private static int lastIndexOf(byte[] b, byte[] what) {
        outer:
        for (int i = b.length - what.length; i >= 0; i--) {
            for (int j = 0; j < what.length; j++) if (b[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }
}
