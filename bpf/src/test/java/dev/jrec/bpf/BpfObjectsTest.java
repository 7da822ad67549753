package dev.jrec.bpf;

import dev.jrec.bpf.libbpf.Arch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The committed BPF objects (src/main/bpf/obj) are what their sources compile to. The first test
 * needs no compiler: SHA256SUMS, written by bpf/build-bpf.sh with the objects, must name every
 * source with its current hash and every object with the committed one's. The second, where
 * clang is installed (CI installs it), rebuilds both arches and compares the bytes.
 */
class BpfObjectsTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path SRC = MODULE.resolve("src/main/bpf");
    private static final String SUMS = "src/main/bpf/obj/SHA256SUMS";
    private static final String FIX = "run bpf/build-bpf.sh (needs Debian packages clang, llvm and libbpf-dev) and commit src/main/bpf/obj";

    @Test
    void manifestMatchesTheSources() throws IOException {
        Manifest m = Manifest.read(MODULE.resolve(SUMS));
        List<String> stale = new ArrayList<>();
        for (String source : sources()) {
            if (!m.sums.containsKey(source)) stale.add(source + " is new");
            if (source.endsWith(".bpf.c")) {
                for (Arch a : Arch.values()) {
                    String o = object(a, source);
                    if (!m.sums.containsKey(o)) stale.add(o + " was never built");
                }
            }
        }
        m.sums.forEach((path, sum) -> {
            if (path.startsWith("/")) return; // toolchain headers: see objectsRebuildByteForByte
            Path p = MODULE.resolve(path);
            if (!Files.isRegularFile(p)) stale.add(path + " is gone");
            else if (!sha256(p).equals(sum)) stale.add(path + (path.endsWith(".o") ? " is not the object that was built" : " changed"));
        });
        assertTrue(stale.isEmpty(), "the committed BPF objects are stale: " + String.join(", ", stale) + ": " + FIX);
    }

    @Test
    void objectsRebuildByteForByte(@TempDir Path tmp) throws Exception {
        Manifest m = Manifest.read(MODULE.resolve(SUMS));
        String clang = firstLine("clang", "--version");
        if (clang == null) Assumptions.abort("clang not found: the objects were not rebuilt to compare their bytes, only their"
                + " sources' hashes were checked (CI installs it: apt-get install -y clang llvm libbpf-dev)");
        int here = major(clang), built = major(m.clang);
        if (here != built) Assumptions.abort("clang " + here + " is installed but clang " + built + " built the committed"
                + " objects: different compilers give different bytes, so only the sources' hashes were checked");
        for (Map.Entry<String, String> e : m.sums.entrySet()) {
            if (!e.getKey().startsWith("/")) continue;
            Path h = Path.of(e.getKey());
            if (!Files.isRegularFile(h)) Assumptions.abort(e.getKey() + " not found (Debian package libbpf-dev):"
                    + " the objects were not rebuilt, only their sources' hashes were checked");
            if (!sha256(h).equals(e.getValue())) Assumptions.abort(e.getKey() + " is not the one that built the committed"
                    + " objects (another libbpf-dev): the objects were not rebuilt, only their sources' hashes were checked");
        }

        Process p = new ProcessBuilder("bash", MODULE.resolve("build-bpf.sh").toString(), tmp.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) fail("bpf/build-bpf.sh failed:\n" + out);

        List<String> differ = new ArrayList<>();
        for (String path : m.sums.keySet()) {
            if (!path.endsWith(".bpf.o")) continue;
            Path rebuilt = tmp.resolve(MODULE.resolve("src/main/bpf/obj").relativize(MODULE.resolve(path)));
            if (!Files.exists(rebuilt) || Files.mismatch(MODULE.resolve(path), rebuilt) != -1) differ.add(path);
        }
        assertTrue(differ.isEmpty(), "not what the sources compile to now: " + String.join(", ", differ) + ": " + FIX);
        List<String> committed = Files.readAllLines(MODULE.resolve(SUMS));
        List<String> now = new ArrayList<>(Files.readAllLines(tmp.resolve("SHA256SUMS")));
        now.removeAll(committed);
        assertTrue(now.isEmpty(), "SHA256SUMS would now say " + now + ": " + FIX);
    }

    /** The *.bpf.c and *.h of src/main/bpf, as SHA256SUMS names them. */
    private static List<String> sources() throws IOException {
        try (Stream<Path> files = Files.list(SRC)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".bpf.c") || n.endsWith(".h"))
                    .sorted().map(n -> "src/main/bpf/" + n).toList();
        }
    }

    private static String object(Arch a, String source) {
        String name = Path.of(source).getFileName().toString();
        return "src/main/bpf/obj/" + a.dirName() + "/" + name.substring(0, name.length() - 2) + ".o";
    }

    /** SHA256SUMS: "HASH  PATH" lines, and comments; "# clang: ..." names the compiler. */
    private record Manifest(String clang, Map<String, String> sums) {
        static Manifest read(Path f) throws IOException {
            String clang = null;
            Map<String, String> sums = new LinkedHashMap<>();
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("# clang: ")) clang = line.substring(9);
                if (line.startsWith("#") || line.isBlank()) continue;
                sums.put(line.substring(66), line.substring(0, 64));
            }
            assertTrue(clang != null && !sums.isEmpty(), f + " names no clang or no files: " + FIX);
            return new Manifest(clang, sums);
        }
    }

    private static int major(String clangVersion) {
        Matcher v = Pattern.compile("clang version (\\d+)").matcher(clangVersion);
        return v.find() ? Integer.parseInt(v.group(1)) : -1;
    }

    /** The first line a command prints, or null when it cannot be run. */
    private static String firstLine(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out.lines().findFirst().orElse("") : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
