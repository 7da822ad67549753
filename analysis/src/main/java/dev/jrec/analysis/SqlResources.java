package dev.jrec.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The SQL files under {@code dev/jrec/analysis/FOLDER/}, found by listing the folder where this class was loaded
 * from: a directory in a build, a jar in a release. A class loader cannot list a folder inside a jar, and a
 * hand-kept list of names drifts from the files.
 */
final class SqlResources {
    private SqlResources() {}

    /** The base names of {@code FOLDER/*.sql}, sorted. */
    static List<String> names(String folder) {
        try {
            return names(Path.of(SqlResources.class.getProtectionDomain().getCodeSource().getLocation().toURI()), folder);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base names of {@code FOLDER/*.sql} in a class path entry: a directory or a jar. */
    static List<String> names(Path classPathEntry, String folder) {
        try {
            if (Files.isDirectory(classPathEntry)) return list(classPathEntry.resolve("dev/jrec/analysis").resolve(folder));
            // JarFile, not a zip FileSystem: the release's jlinked runtime has no jdk.zipfs
            String prefix = "dev/jrec/analysis/" + folder + "/";
            try (JarFile jar = new JarFile(classPathEntry.toFile())) {
                return jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(prefix) && n.endsWith(".sql") && n.indexOf('/', prefix.length()) < 0)
                        .map(n -> n.substring(prefix.length(), n.length() - ".sql".length())).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - ".sql".length())).sorted().toList();
        }
    }

    /** The text of {@code FOLDER/NAME.sql}; {@code what} names it in the error when there is none. */
    static String text(String folder, String name, String what) {
        try (InputStream in = SqlResources.class.getResourceAsStream(folder + "/" + name + ".sql")) {
            if (in == null) throw new IllegalArgumentException("no " + what + " " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
