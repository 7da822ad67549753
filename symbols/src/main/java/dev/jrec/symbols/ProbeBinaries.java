package dev.jrec.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The file a probe's BINARY names, as bpftrace and libbpf find it: a path; /proc/PID/exe; a library by name
 * (libc, libc.so.6, libssl.so.3), the one the process maps when there is a pid, else the first in the library
 * directories; or a program on PATH. Paths come back real (symlinks resolved): a uprobe is placed on an inode.
 */
public final class ProbeBinaries {
    private ProbeBinaries() {}

    /** The file; an IllegalArgumentException whose one-line message says what to give instead. */
    public static Path resolve(String binary, Integer pid) {
        return resolve(binary, pid, Path.of("/proc"), libraryDirs(), System.getenv("PATH"));
    }

    static Path resolve(String binary, Integer pid, Path proc, List<Path> libDirs, String path) {
        if (binary.isBlank()) throw new IllegalArgumentException("no binary given: give a path, a library name (libc) or /proc/PID/exe");
        if (binary.startsWith("/")) {
            Path p = Path.of(binary);
            if (!Files.exists(p)) throw new IllegalArgumentException("no file " + binary + ": give an absolute path, a library name (libc) or /proc/PID/exe");
            return real(p, binary);
        }
        if (binary.contains("/")) throw new IllegalArgumentException(binary + " is a relative path: give it as an absolute one");
        if (looksLikeLibrary(binary)) {
            if (pid != null) {
                Path mapped = mapped(proc.resolve(pid.toString()).resolve("maps"), binary);
                if (mapped == null) {
                    throw new IllegalArgumentException("process " + pid + " maps no library " + binary + ": is it loaded yet? ("
                            + "grep " + binary + " /proc/" + pid + "/maps)");
                }
                return real(mapped, binary);
            }
            for (Path dir : libDirs) {
                Path found = inDir(dir, binary);
                if (found != null) return real(found, binary);
            }
            throw new IllegalArgumentException("no library " + binary + " in " + libDirs + ": give its absolute path, or -p PID of a process that maps it");
        }
        if (path != null) {
            for (String d : path.split(":")) {
                if (d.isEmpty()) continue;
                Path p = Path.of(d, binary);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return real(p, binary);
            }
        }
        throw new IllegalArgumentException("no program " + binary + " on PATH: give an absolute path, a library name (libc) or /proc/PID/exe");
    }

    /** A library's name: lib..., or anything with .so in it. */
    static boolean looksLikeLibrary(String name) {
        return name.startsWith("lib") || name.contains(".so");
    }

    /** Whether a file name is the library asked for: itself, or name.so..., or name-VERSION.so. */
    static boolean matches(String fileName, String asked) {
        return fileName.equals(asked) || fileName.startsWith(asked + ".so") || fileName.startsWith(asked + "-") && fileName.contains(".so");
    }

    private static Path mapped(Path maps, String asked) {
        List<String> lines;
        try {
            lines = Files.readAllLines(maps);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + maps + " (" + e.getMessage() + "): is the process still there?");
        }
        for (String line : lines) {
            int slash = line.indexOf('/');
            if (slash < 0) continue;
            String file = line.substring(slash).replace(" (deleted)", "");
            if (matches(Path.of(file).getFileName().toString(), asked)) return Path.of(file);
        }
        return null;
    }

    private static Path inDir(Path dir, String asked) {
        Path exact = dir.resolve(asked);
        if (Files.isRegularFile(exact)) return exact;
        List<Path> candidates = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(f -> matches(f.getFileName().toString(), asked) && Files.isRegularFile(f)).forEach(candidates::add);
        } catch (IOException e) {
            return null;
        }
        // libc.so.6 before libc.so (a linker script in -dev packages): the versioned one is what runs
        candidates.sort((a, b) -> Integer.compare(b.getFileName().toString().length(), a.getFileName().toString().length()));
        return candidates.stream().filter(ProbeBinaries::isElf).findFirst().orElse(null);
    }

    private static boolean isElf(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    private static Path real(Path p, String asked) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open " + asked + " (" + e.getMessage() + ")");
        }
    }

    /** LD_LIBRARY_PATH's directories, then the multiarch and the usual ones. */
    static List<Path> libraryDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) for (String d : ld.split(":")) if (!d.isEmpty()) dirs.add(Path.of(d));
        String triple = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64", "arm64" -> "aarch64-linux-gnu";
            default -> null;
        };
        if (triple != null) {
            dirs.add(Path.of("/lib", triple));
            dirs.add(Path.of("/usr/lib", triple));
        }
        for (String d : List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib")) dirs.add(Path.of(d));
        return dirs.stream().filter(Files::isDirectory).toList();
    }
}
