package dev.jrec.recorder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** x86_64 syscall number → name, resolved at record time so a capture needs no table to be read. */
public final class SyscallNames {
    private static final String[] NAMES = load();

    private SyscallNames() {}

    public static String name(int nr) {
        if (nr >= 0 && nr < NAMES.length && NAMES[nr] != null) return NAMES[nr];
        return ("syscall_" + nr).intern();
    }

    /** -1 if unknown. */
    public static int number(String name) {
        for (int i = 0; i < NAMES.length; i++) if (name.equals(NAMES[i])) return i;
        return -1;
    }

    public static int count() {
        return NAMES.length;
    }

    private static String[] load() {
        String[] names = new String[512];
        try (var in = SyscallNames.class.getResourceAsStream("syscalls-x86_64.txt");
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
