package dev.jrec.formats.write;

import dev.jrec.formats.parquet.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The recording's metadata beside its segments ({@link CapturePaths#METADATA}), as a properties file: until the
 * first segment closes, it is the only place a killed recording's config, host and start can be read from.
 */
final class RecordingMetadataFile {
    private RecordingMetadataFile() {}

    /**
     * Writes {@code metadata} whole or not at all (a temporary renamed into place). A failure is not the
     * recording's: it only means a kill before the first segment closes leaves nothing to recover, as it did
     * before the file existed, so it is swallowed.
     */
    static void write(Path file, Map<String, String> metadata) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Properties p = new Properties();
        p.putAll(metadata);
        try {
            try (OutputStream out = PrivateFiles.newOutputStream(tmp)) {
                p.store(out, "jrec recording metadata: the footer of a capture whose recorder died before its first segment closed");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the parts folder is removed with it at the end
            }
        }
    }

    /** What {@link #write} wrote, by key; empty if there is no file or it cannot be read. */
    static Optional<Map<String, String>> read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m.isEmpty() ? Optional.empty() : Optional.of(m);
    }
}
