package dev.jrec.recorder.uprobe;

import dev.jrec.bpf.uprobe.ProbeSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One probe as the command line gives it: {@code --uprobe BINARY:FUNC[(ARGS)]}, {@code --uretprobe} the same,
 * {@code --usdt BINARY:PROVIDER:NAME[(ARGS)]}. ARGS names the arguments to record by position, as a C
 * prototype would: {@code _} skips one, {@code NAME} records an integer, {@code *NAME} the 8 bytes it points to
 * (read at the return of a --uretprobe: an out-parameter), {@code str NAME} a string it points to (one per
 * probe): {@code malloc(size)}, {@code SSL_write(_, _, len)}, {@code openat(_, str path)},
 * {@code posix_memalign(*memptr, alignment, size)}.
 *
 * @param binary  BINARY as given: a path, a library name (libc, libssl.so.3), a program on PATH, /proc/PID/exe
 * @param func    the function (uprobe, uretprobe), or null (usdt)
 * @param provider the USDT provider, or null
 * @param name    the USDT probe's name, or null
 * @param argNames names of the integer arguments recorded, in order; {@code *NAME} for one read through its pointer
 * @param argPositions their positions among the call's (note's) arguments
 * @param strName the string argument's name, or null
 * @param strPosition its position, or -1
 * @param everyCall recorded whatever --uprobe-sample says (memleak's frees, which must meet their allocations)
 * @param optional left out when its file or function is not there, or another probe of the recording is at its
 *                 address (memleak's: glibc's aligned_alloc is its memalign, and a C program has no operator new)
 */
public record UserProbe(Type type, String binary, String func, String provider, String name, List<String> argNames,
                        List<Integer> argPositions, String strName, int strPosition, boolean everyCall, boolean optional) {
    public enum Type {
        UPROBE("--uprobe"), URETPROBE("--uretprobe"), USDT("--usdt");

        final String option;

        Type(String option) {
            this.option = option;
        }

        /** The probe's type as bpftrace names it, the prefix of its label. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A function's arguments in registers, which is what a uprobe at its entry can read. */
    static final int MAX_CALL_ARGS = 6;
    /** What a USDT note can have (libbpf's BPF_USDT_MAX_ARG_CNT). */
    static final int MAX_USDT_ARGS = 12;

    public UserProbe {
        argNames = List.copyOf(argNames);
        argPositions = List.copyOf(argPositions);
    }

    /** The spec uprobe.bpf.c records it by; {@code stack}: take the caller's user stack. */
    public ProbeSpec spec(boolean stack) {
        int deref = 0;
        for (int i = 0; i < argNames.size(); i++) if (argNames.get(i).startsWith("*")) deref |= 1 << i;
        return new ProbeSpec(argPositions, strPosition, type == Type.URETPROBE, stack, !everyCall, deref);
    }

    /** The same probe, recorded at every call whatever the sampling. */
    public UserProbe recordingEveryCall() {
        return new UserProbe(type, binary, func, provider, name, argNames, argPositions, strName, strPosition, true, optional);
    }

    /** The same probe, left out where it cannot go (see optional). */
    public UserProbe ifPresent() {
        return new UserProbe(type, binary, func, provider, name, argNames, argPositions, strName, strPosition, everyCall, true);
    }

    /**
     * What BCC's memleak attaches to in libc, as probes the memleak view reads by their functions' names and
     * arguments' positions: the allocations timed to their return (which gives the address; posix_memalign's
     * is read through its first argument), every free; mmap and munmap too (the view leaves out the mappings
     * libc's own malloc makes, counted as their mallocs). And libstdc++'s operator new, whose malloc's caller
     * is operator new in a library without frame pointers: the view keeps the outer of two nested calls that
     * handed out one address, whose caller is the program's (operator delete is a free).
     */
    public static List<UserProbe> memleak(String libc) {
        List<UserProbe> m = new ArrayList<>(List.of(parse(Type.URETPROBE, libc + ":malloc(size)"),
                parse(Type.URETPROBE, libc + ":calloc(nmemb, size)"), parse(Type.URETPROBE, libc + ":realloc(ptr, size)"),
                parse(Type.URETPROBE, libc + ":posix_memalign(*memptr, alignment, size)"),
                parse(Type.URETPROBE, libc + ":aligned_alloc(alignment, size)").ifPresent(),
                parse(Type.URETPROBE, libc + ":memalign(alignment, size)").ifPresent(),
                parse(Type.URETPROBE, libc + ":valloc(size)").ifPresent(), parse(Type.URETPROBE, libc + ":pvalloc(size)").ifPresent(),
                parse(Type.URETPROBE, libc + ":mmap(addr, length)"),
                parse(Type.UPROBE, libc + ":free(ptr)").recordingEveryCall(), parse(Type.UPROBE, libc + ":munmap(addr, length)").recordingEveryCall()));
        for (String newOp : CXX_NEW) m.add(parse(Type.URETPROBE, "libstdc++:" + newOp + "(size)").ifPresent());
        return List.copyOf(m);
    }

    /** operator new and new[], plain, nothrow and aligned, as libstdc++ exports them. */
    static final List<String> CXX_NEW = List.of("_Znwm", "_Znam", "_ZnwmRKSt9nothrow_t", "_ZnamRKSt9nothrow_t",
            "_ZnwmSt11align_val_t", "_ZnamSt11align_val_t", "_ZnwmSt11align_val_tRKSt9nothrow_t", "_ZnamSt11align_val_tRKSt9nothrow_t");

    /** Parses one option's value; the message of a bad one says what to write instead. */
    public static UserProbe parse(Type type, String text) {
        String t = text.strip();
        // --uprobe BINARY:FUNC[(ARGS)]:latency, the seed's spelling of a uretprobe (BINARY:latency is a function)
        String withoutLatency = t.endsWith(":latency") ? t.substring(0, t.length() - ":latency".length()) : null;
        if (type == Type.UPROBE && withoutLatency != null && withoutLatency.replaceFirst("\\(.*\\)$", "").lastIndexOf(':') > 0) {
            type = Type.URETPROBE;
            t = withoutLatency;
        }
        String head = t, args = null;
        int open = t.indexOf('(');
        if (open >= 0) {
            if (!t.endsWith(")")) throw bad(type, text, "the argument list has no closing ')'");
            head = t.substring(0, open).strip();
            args = t.substring(open + 1, t.length() - 1);
        }
        String binary, func = null, provider = null, name = null;
        int last = head.lastIndexOf(':');
        if (last <= 0 || last == head.length() - 1) throw bad(type, text, "it names no " + (type == Type.USDT ? "probe" : "function"));
        if (type == Type.USDT) {
            int before = head.lastIndexOf(':', last - 1);
            if (before <= 0 || before == last - 1) throw bad(type, text, "it names no provider");
            binary = head.substring(0, before);
            provider = head.substring(before + 1, last);
            name = head.substring(last + 1);
            if (!identifier(provider) || !identifier(name)) throw bad(type, text, "'" + provider + ":" + name + "' is not PROVIDER:NAME");
        } else {
            binary = head.substring(0, last);
            func = head.substring(last + 1);
            if (!func.matches("[A-Za-z_.$][A-Za-z0-9_.$@]*")) throw bad(type, text, "'" + func + "' is not a function's symbol name");
        }
        List<String> names = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        String strName = null;
        int strPosition = -1;
        if (args != null && !args.isBlank()) {
            String[] items = args.split(",", -1);
            int max = type == Type.USDT ? MAX_USDT_ARGS : MAX_CALL_ARGS;
            if (items.length > max) {
                throw bad(type, text, items.length + " arguments, but " + (type == Type.USDT
                        ? "a USDT probe has at most " + max : "only the first " + max + " (those in registers) can be read at a call"));
            }
            for (int i = 0; i < items.length; i++) {
                String item = items[i].strip();
                if (item.equals("_")) continue;
                if (item.startsWith("*")) {
                    String pointee = item.substring(1).strip();
                    if (!identifier(pointee)) throw bad(type, text, "argument " + (i + 1) + " '" + item + "' is not *NAME");
                    names.add("*" + pointee);
                    positions.add(i);
                } else if (item.startsWith("str ") || item.equals("str")) {
                    if (strName != null) throw bad(type, text, "only one argument can be a string");
                    strName = item.equals("str") ? "arg" + i : item.substring(4).strip();
                    strPosition = i;
                    if (!identifier(strName)) throw bad(type, text, "'" + item + "' is not 'str NAME'");
                } else if (identifier(item)) {
                    names.add(item);
                    positions.add(i);
                } else {
                    throw bad(type, text, "argument " + (i + 1) + " '" + item + "' is not _, NAME, *NAME or str NAME");
                }
            }
            if (names.size() > ProbeSpec.MAX_ARGS) throw bad(type, text, "at most " + ProbeSpec.MAX_ARGS + " integer arguments are recorded");
        }
        return new UserProbe(type, binary, func, provider, name, names, positions, strName, strPosition, false, false);
    }

    private static boolean identifier(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    private static IllegalArgumentException bad(Type type, String text, String why) {
        String form = type == Type.USDT ? "BINARY:PROVIDER:NAME(ARG, ...), e.g. /usr/bin/python3:python:gc__start(generation)"
                : "BINARY:FUNC(ARG, ...), e.g. libc:malloc(size) or libc:openat(_, str path)";
        return new IllegalArgumentException(type.option + " '" + text + "': " + why + "; write " + form);
    }
}
