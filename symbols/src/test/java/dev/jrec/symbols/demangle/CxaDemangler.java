package dev.jrec.symbols.demangle;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * libstdc++'s {@code abi::__cxa_demangle} through one downcall, the alternative to {@link CxxDemangler}
 * that {@link DemanglerTest} measures it against: libiberty's demangler, as c++filt's, but called
 * without c++filt's verbose flag (so {@code Ss} reads {@code std::string}, not
 * {@code std::basic_string<char, ...>}). Only where libstdc++.so.6 loads.
 */
final class CxaDemangler {
    private static final MethodHandle DEMANGLE, FREE;

    static {
        MethodHandle demangle = null, free = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup stdcxx = SymbolLookup.libraryLookup("libstdc++.so.6", Arena.global());
            demangle = linker.downcallHandle(stdcxx.findOrThrow("__cxa_demangle"),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            free = linker.downcallHandle(linker.defaultLookup().findOrThrow("free"), FunctionDescriptor.ofVoid(ADDRESS));
        } catch (IllegalArgumentException | java.util.NoSuchElementException | IllegalCallerException e) {
            demangle = null;
        }
        DEMANGLE = demangle;
        FREE = free;
    }

    private CxaDemangler() {}

    /** Whether libstdc++.so.6 loaded and native access is allowed. */
    static boolean available() {
        return DEMANGLE != null;
    }

    /**
     * The demangled name, or null when libstdc++ is not there or says the name is not valid (status -2),
     * out of memory (-1) or given a bad argument (-3).
     */
    static String demangle(String mangled) {
        if (DEMANGLE == null || mangled == null) return null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment name = arena.allocateFrom(mangled, StandardCharsets.UTF_8);
            MemorySegment out = (MemorySegment) DEMANGLE.invokeExact(name, MemorySegment.NULL, MemorySegment.NULL, status);
            if (out.equals(MemorySegment.NULL)) return null;
            try {
                return status.get(JAVA_INT, 0) == 0 ? out.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8) : null;
            } finally {
                FREE.invokeExact(out);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("__cxa_demangle", t);
        }
    }
}
