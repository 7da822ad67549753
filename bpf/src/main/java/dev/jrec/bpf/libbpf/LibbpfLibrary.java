package dev.jrec.bpf.libbpf;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where libbpf.so.1 comes from. A release bundles the copy it was tested with and names it in the system
 * property {@code jrec.libbpf} (its launcher sets it): that copy comes first, so a recording behaves the
 * same on every host, and hosts whose distribution ships no libbpf.so.1 (Ubuntu 22.04, Debian 11, Amazon
 * Linux 2) record too. Without it (a source checkout, or a bundled copy that cannot load because the host
 * lacks libelf.so.1), the system's libbpf.so.1.
 */
public final class LibbpfLibrary {
    private LibbpfLibrary() {}

    public static final String PROPERTY = "jrec.libbpf";

    private static SymbolLookup lookup;
    private static String failure;
    private static String loadedFrom;

    /** Loads libbpf once; null on success, else one line that says what is missing and what to do. */
    public static synchronized String check() {
        if (lookup != null || failure != null) return failure;
        String bundled = System.getProperty(PROPERTY);
        String bundledError = null;
        if (bundled != null && !bundled.isBlank()) {
            Path p = Path.of(bundled);
            if (Files.isRegularFile(p)) {
                try {
                    lookup = SymbolLookup.libraryLookup(p, Arena.global());
                    loadedFrom = p.toString();
                    return null;
                } catch (IllegalArgumentException e) {
                    bundledError = "the bundled " + p + " did not load (it needs libelf.so.1 and libz.so.1)";
                }
            } else {
                bundledError = "the bundled " + p + " is missing";
            }
        }
        try {
            lookup = SymbolLookup.libraryLookup("libbpf.so.1", Arena.global());
            loadedFrom = "libbpf.so.1 (the system's)";
            return null;
        } catch (IllegalArgumentException e) {
            failure = (bundledError != null ? bundledError + ", and the" : "The") + " system has no loadable libbpf.so.1:"
                    + " install it (Debian, Ubuntu: apt-get install libbpf1 libelf1; Fedora, RHEL: dnf install libbpf elfutils-libelf)"
                    + " or use a jrec release tarball, which bundles libbpf";
            return failure;
        }
    }

    /** The loaded library; throws {@link LibbpfException} with {@link #check}'s message if it cannot load. */
    public static synchronized SymbolLookup lookup() {
        String f = check();
        if (f != null) throw new LibbpfException(f);
        return lookup;
    }

    /** Which libbpf was loaded, for the capture's metadata; null before it is. */
    public static synchronized String loadedFrom() {
        return loadedFrom;
    }
}
