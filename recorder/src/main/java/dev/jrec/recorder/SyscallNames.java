package dev.jrec.recorder;

import dev.jrec.bpf.libbpf.Arch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Syscall number → name, in the table of this machine's arch (x86_64, or arm64's asm-generic one):
 * resolved at record time so a capture needs no table to be read.
 */
public final class SyscallNames {
    /** This machine's table, loaded on first use: on an arch without one, every use says so. */
    private static volatile String[] names;

    private SyscallNames() {}

    public static String name(int nr) {
        String[] n = names();
        if (nr >= 0 && nr < n.length && n[nr] != null) return n[nr];
        return ("syscall_" + nr).intern();
    }

    /** -1 if unknown. */
    public static int number(String name) {
        return number(names(), name);
    }

    static int number(String[] table, String name) {
        for (int i = 0; i < table.length; i++) if (name.equals(table[i])) return i;
        return -1;
    }

    public static int count() {
        return names().length;
    }

    private static String[] names() {
        String[] n = names;
        if (n == null) names = n = load(Arch.current());
        return n;
    }

    static String[] load(Arch arch) {
        String[] names = new String[512];
        try (var in = SyscallNames.class.getResourceAsStream("syscalls-" + arch.dirName() + ".txt");
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split(" ");
                names[Integer.parseInt(f[0])] = f[1].intern();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
