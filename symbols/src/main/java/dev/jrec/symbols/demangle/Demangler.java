package dev.jrec.symbols.demangle;

import java.util.HashMap;
import java.util.Map;

/**
 * Symbol names as people read them: Rust (v0 {@code _R...}, legacy {@code _ZN...17h<hash>E}) and
 * Itanium C++ ({@code _Z...}) demangled the way binutils' c++filt prints them, anything else as it
 * is. Remembers what it demangled (names repeat across frames). Not thread-safe.
 */
public final class Demangler {
    private static final int CACHE_MAX = 1 << 16;
    private final Map<String, String> cache = new HashMap<>();

    /** The readable form of name (name itself when it is not mangled or cannot be demangled). */
    public String demangle(String name) {
        if (name == null || name.length() < 3 || name.charAt(0) != '_' || (name.charAt(1) != 'Z' && name.charAt(1) != 'R')) {
            return name;
        }
        String d = cache.get(name);
        if (d == null) {
            d = of(name);
            if (cache.size() >= CACHE_MAX) cache.clear();
            cache.put(name, d);
        }
        return d;
    }

    /** Stateless: the readable form of name. */
    public static String of(String name) {
        if (name == null) return null;
        try {
            String d = RustDemangler.demangle(name);
            if (d == null) d = CxxDemangler.demangle(name);
            return d != null ? d : name;
        } catch (RuntimeException | StackOverflowError e) {
            return name;
        }
    }
}
