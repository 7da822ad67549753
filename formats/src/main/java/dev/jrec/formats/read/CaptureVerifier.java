package dev.jrec.formats.read;

import dev.jrec.formats.parquet.FooterSeal;
import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.schema.FormatVersion;
import dev.jrec.formats.schema.MetadataKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Checks a capture's bytes against its checksums before anything is answered from them, so that a damaged file
 * is refused with the place of the damage instead of decoded into a different answer (docs/format.md,
 * "Integrity"). DuckDB, which runs the analyses, reads pages without checking their CRCs.
 */
public final class CaptureVerifier {
    /** First format whose captures carry {@link MetadataKeys#CHECKSUM_DATA} and {@link MetadataKeys#CHECKSUM_FOOTER}. */
    static final FormatVersion SEALED_SINCE = new FormatVersion(1, 1);

    /**
     * What was checked: {@code bytes} summed; {@code sealed} when the whole-file checksums were there (else every
     * page's own CRC was, {@code pages} of them, {@code unchecked} of which had none).
     */
    public record Verified(CaptureMetadata metadata, long bytes, boolean sealed, long pages, long unchecked) {}

    private CaptureVerifier() {}

    /**
     * Reads the whole file and checks it: the footer as {@link CaptureProbe#probe} does, then every page.
     *
     * @throws CaptureFormatException with one line naming the damaged page, for a capture that fails a check
     */
    public static Verified verify(Path path) throws IOException {
        CaptureProbe.Probed p = CaptureProbe.read(path);
        Map<String, String> kv = p.footer().getFileMetaData().getKeyValueMetaData();
        long dataEnd = dataEnd(p.footer());
        String expected = kv.get(MetadataKeys.CHECKSUM_DATA);
        if (expected != null) {
            long crc;
            try (FileChannel ch = FileChannel.open(path)) {
                crc = crc(ch, 0, dataEnd, -1);
            }
            if (FooterSeal.hex(crc).equals(expected)) return new Verified(p.metadata(), p.size(), true, 0, 0);
        }
        PageWalk.Result[] counts = new PageWalk.Result[1];
        PageWalk.Damage d;
        try (SeekableInputStream in = LocalFiles.input(path).newStream()) {
            d = PageWalk.walk(in, p.footer().getBlocks(), counts);
        }
        if (d != null) throw new CorruptCaptureException(path + " is corrupt: " + d.what() + "; " + remedy(path, d, p.footer()), d.what());
        if (expected != null) {
            String what = "its pages (bytes 0 to " + dataEnd + ") fail the file's data checksum though each page's own checksum holds, "
                    + "so a page header is damaged";
            throw new CorruptCaptureException(path + " is corrupt: " + what + "; copy it again from where it was recorded", what);
        }
        return new Verified(p.metadata(), dataEnd, false, counts[0].pages(), counts[0].unchecked());
    }

    /**
     * Checks the footer checksum of a sealed capture ({@code kv} has it, or its format requires it): called by
     * the probe once the footer parsed, before any of its values is believed.
     */
    static void checkFooter(Path path, FileChannel ch, long size, ParquetMetadata footer) throws CaptureFormatException, IOException {
        Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
        String expected = kv.get(MetadataKeys.CHECKSUM_FOOTER);
        if (expected == null) {
            if (requiresSeal(kv.get(MetadataKeys.FORMAT_VERSION))) {
                throw corruptFooter(path, "lacks the checksum every capture of format " + SEALED_SINCE + " or later carries");
            }
            return;
        }
        ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(len, size - 8);
        long footerLen = Integer.toUnsignedLong(len.getInt(0));
        long footerStart = size - 8 - footerLen;
        long dataEnd = dataEnd(footer);
        if (footerLen > Integer.MAX_VALUE || footerStart < 4 || dataEnd < 4 || dataEnd > footerStart) {
            throw corruptFooter(path, "overlaps its row groups");
        }
        byte[] bytes = new byte[(int) footerLen];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining() && ch.read(b, footerStart + b.position()) > 0) {
            // read it whole
        }
        int at = FooterSeal.find(bytes, bytes.length, expected);
        if (at < 0 || !FooterSeal.hex(crc(ch, dataEnd, size, footerStart + at)).equals(expected)) {
            throw corruptFooter(path, "fails its checksum");
        }
    }

    private static boolean requiresSeal(String version) {
        try {
            FormatVersion v = FormatVersion.parse(version);
            return v.major() > SEALED_SINCE.major() || (v.major() == SEALED_SINCE.major() && v.minor() >= SEALED_SINCE.minor());
        } catch (RuntimeException e) {
            return false; // the probe says what is wrong with the version
        }
    }

    private static CaptureFormatException corruptFooter(Path path, String why) {
        String what = "its footer (the schema, row groups and recording metadata at the end of the file) " + why;
        return new CorruptCaptureException(path + " is corrupt: " + what + "; copy it again from where it was recorded", what);
    }

    /** Where the pages end: the end of the last column chunk (4, after the magic, when there are none). */
    static long dataEnd(ParquetMetadata footer) {
        long end = 4;
        for (BlockMetaData b : footer.getBlocks()) {
            for (ColumnChunkMetaData c : b.getColumns()) end = Math.max(end, c.getStartingPos() + c.getTotalSize());
        }
        return end;
    }

    /** CRC32 of bytes [from, to), with the {@link FooterSeal#VALUE_BYTES} bytes at {@code zeroAt} (if not -1) read as '0'. */
    private static long crc(FileChannel ch, long from, long to, long zeroAt) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 20];
        for (long pos = from; pos < to; ) {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, to - pos));
            int n = ch.read(b, pos);
            if (n <= 0) throw new java.io.EOFException("end of file at " + pos + ", " + (to - pos) + " bytes before the end the footer gives");
            if (zeroAt >= 0) {
                for (long i = Math.max(pos, zeroAt); i < Math.min(pos + n, zeroAt + FooterSeal.VALUE_BYTES); i++) buf[(int) (i - pos)] = '0';
            }
            crc.update(buf, 0, n);
            pos += n;
        }
        return crc.getValue();
    }

    /** What to do with a capture damaged at {@code d}: a new copy; meanwhile, the other row groups are intact. */
    private static String remedy(Path path, PageWalk.Damage d, ParquetMetadata footer) {
        String s = "copy it again from where it was recorded";
        if (footer.getBlocks().size() > 1 && d.tsMin() != null) {
            s += "; the other row groups are intact and DuckDB reads them with WHERE ts NOT BETWEEN " + d.tsMin() + " AND " + d.tsMax()
                    + " ('jrec views " + path + "' defines the views)";
        }
        return s;
    }
}
