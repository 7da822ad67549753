package dev.jrec.dist;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build time: removes the native libraries of other platforms from a jar that carries one per OS and CPU (DuckDB,
 * zstd-jni), so a platform's tarball holds only its own. The jar is rewritten in place through the JDK's zip file
 * system, which copies the entries it keeps without recompressing them.
 *
 * <p>{@code StripJar JAR NATIVE_REGEX KEEP_REGEX}: entries matching NATIVE_REGEX go unless they match KEEP_REGEX;
 * at least one must match KEEP_REGEX (the platform's own library), else nothing is changed and it fails.
 */
public final class StripJar {
    private StripJar() {}

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Pattern natives = Pattern.compile(args[1]);
        Pattern keep = Pattern.compile(args[2]);
        long removedBytes = 0;
        int removed = 0;
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> entries;
            try (Stream<Path> s = Files.walk(fs.getPath("/"))) {
                entries = s.filter(Files::isRegularFile).toList();
            }
            List<Path> drop = entries.stream().filter(p -> natives.matcher(name(p)).matches() && !keep.matcher(name(p)).matches()).toList();
            if (entries.stream().noneMatch(p -> keep.matcher(name(p)).matches())) {
                System.err.println("dist: " + jar.getFileName() + " has no entry matching " + keep + ": this platform's native library is not in it");
                System.exit(1);
            }
            for (Path p : drop) {
                removedBytes += Files.size(p);
                Files.delete(p);
                removed++;
            }
            // directories left empty (darwin/aarch64/, ...)
            try (Stream<Path> s = Files.walk(fs.getPath("/"))) {
                for (Path d : s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    if (d.getNameCount() == 0) continue;
                    try (Stream<Path> in = Files.list(d)) {
                        if (in.findAny().isEmpty() && natives.matcher(name(d) + "/x").matches()) Files.delete(d);
                    }
                }
            }
        }
        System.out.printf("dist: %s: removed %d native libraries of other platforms (%.1f MB uncompressed)%n",
                jar.getFileName(), removed, removedBytes / 1e6);
    }

    private static String name(Path p) {
        String s = p.toString();
        return s.startsWith("/") ? s.substring(1) : s;
    }
}
