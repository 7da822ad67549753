package dev.jrec.formats.read;

import dev.jrec.formats.parquet.LocalFiles;
import dev.jrec.formats.parquet.ParquetOptions;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.FormatVersion;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.CapturePaths;
import dev.jrec.formats.write.RecordingLock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Tells what a path is before anything decodes it, so every bad input gets one line, not a stack trace. */
public final class CaptureProbe {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private CaptureProbe() {}

    /** A probed capture: its metadata, the parsed footer, the file's size. */
    record Probed(CaptureMetadata metadata, ParquetMetadata footer, long size) {}

    public static CaptureMetadata probe(Path path) throws IOException {
        return read(path).metadata();
    }

    static Probed read(Path path) throws IOException {
        PermissionDenied.check(path);
        if (!Files.exists(path)) {
            Path parts = CapturePaths.partsDir(path.toAbsolutePath());
            if (Files.isDirectory(parts)) live(parts, path);
            if (Files.isDirectory(parts)) throw new CaptureFormatException(path + " does not exist, but " + parts
                    + " does: the recording was interrupted; run 'jrec recover " + path + "'");
            throw new CaptureFormatException(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            String name = path.getFileName().toString();
            if (name.endsWith(CapturePaths.PARTS_SUFFIX)) {
                String capture = path.resolveSibling(name.substring(0, name.length() - CapturePaths.PARTS_SUFFIX.length())).toString();
                live(path, Path.of(capture));
                throw new CaptureFormatException(path + " holds the segments of an interrupted recording; run 'jrec recover " + capture + "'");
            }
            throw new CaptureFormatException(path + " is a directory, not a capture file");
        }
        long size = Files.size(path);
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        try (FileChannel ch = open(path)) {
            ch.read(ByteBuffer.wrap(head), 0);
            if (size >= 8) ch.read(ByteBuffer.wrap(tail), size - 4);
        }
        if (size < 12 || !java.util.Arrays.equals(head, MAGIC)) {
            throw new CaptureFormatException(path + " is not a Parquet file (" + describe(path, size)
                    + "); a jrec capture is the .parquet file that 'jrec record' writes");
        }
        if (!java.util.Arrays.equals(tail, MAGIC)) {
            throw new CaptureFormatException(path + " is truncated: it is a Parquet file without its footer (" + size
                    + " bytes); copy it again from where it was recorded, or if it is a live recording's output, run 'jrec recover' on that path");
        }
        ParquetMetadata footer;
        try (ParquetFileReader r = ParquetFileReader.open(LocalFiles.input(path), ParquetOptions.read())) {
            footer = r.getFooter();
        } catch (IOException | RuntimeException e) {
            throw new CaptureFormatException(path + " has a corrupt Parquet footer (" + oneLine(e)
                    + "); copy it again from where it was recorded", e);
        }
        try (FileChannel ch = open(path)) {
            CaptureVerifier.checkFooter(path, ch, size, footer);
        }
        Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
        String v = kv.get(MetadataKeys.FORMAT_VERSION);
        if (v == null) {
            throw new CaptureFormatException(path + " is a Parquet file but not a jrec capture (its footer has no "
                    + MetadataKeys.FORMAT_VERSION + "); query it with DuckDB or pandas directly");
        }
        FormatVersion version;
        try {
            version = FormatVersion.parse(v);
        } catch (IllegalArgumentException e) {
            throw new CaptureFormatException(path + " has an unreadable format version '" + v + "'; it was not written by jrec");
        }
        if (!version.readableBy(FormatVersion.CURRENT)) {
            throw new CaptureFormatException(path + " is capture format " + version + ", which this jrec (format "
                    + FormatVersion.CURRENT + ") cannot read; "
                    + (version.major() > FormatVersion.CURRENT.major() ? "upgrade jrec" : "use an older jrec"));
        }
        checkSchema(path, footer.getFileMetaData().getSchema());
        long rows = footer.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
        Set<String> columns = new HashSet<>();
        for (Type t : footer.getFileMetaData().getSchema().getFields()) columns.add(t.getName());
        return new Probed(new CaptureMetadata(kv, version, rows, footer.getBlocks().size(), size, columns), footer, size);
    }

    /** Opens for reading; a permission check passed, but the file may have changed since. */
    private static FileChannel open(Path path) throws IOException {
        try {
            return FileChannel.open(path);
        } catch (java.nio.file.AccessDeniedException e) {
            throw PermissionDenied.of(path);
        }
    }

    /** A live recording's parts are not an interrupted recording: say who is writing them, not to recover them. */
    private static void live(Path parts, Path capture) throws IOException {
        java.util.Optional<RecordingLock.Holder> h = RecordingLock.holder(parts);
        if (h.isPresent()) throw new CaptureFormatException(h.get().describe(capture));
    }

    private static void checkSchema(Path path, MessageType schema) throws CaptureFormatException {
        for (Column c : new Column[] {Column.TS, Column.KIND}) {
            if (!schema.containsField(c.id())) {
                throw new CaptureFormatException(path + " claims to be a jrec capture but has no '" + c.id() + "' column; it was not written by jrec");
            }
        }
        for (Column c : Column.values()) {
            if (!schema.containsField(c.id())) continue;
            Type t = schema.getType(c.id());
            boolean ok = switch (c.type()) {
                case INT32 -> t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32;
                case INT64 -> t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64;
                case STRING -> t.isPrimitive() && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY;
                case STRING_LIST, INT64_LIST -> !t.isPrimitive();
            };
            if (!ok) throw new CaptureFormatException(path + ": column '" + c.id() + "' has type " + t + " where format 1 has " + c.type() + "; the file is damaged or not jrec's");
        }
    }

    private static String describe(Path path, long size) throws IOException {
        if (size == 0) return "it is empty";
        if (size < 12) return "only " + size + " bytes";
        try (InputStream in = Files.newInputStream(path)) {
            byte[] b = in.readNBytes(4);
            if (b[0] == 0x1f && (b[1] & 0xff) == 0x8b) return "it is gzip-compressed: gunzip it first";
            if (b[0] == 0x28 && (b[1] & 0xff) == 0xb5 && b[2] == 0x2f && (b[3] & 0xff) == 0xfd) return "it is zstd-compressed: unzstd it first";
            if (b[0] == 'P' && b[1] == 'K') return "it is a zip archive: unzip it first";
        }
        return "it does not start with PAR1";
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).lines().findFirst().orElse("");
    }
}
