package dev.jrec.formats.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one line for a capture this process may not read: which file or directory refuses, its owner and mode, and
 * what to do. Captures hold command lines and paths, so jrec writes them 0600 (docs/format.md): another user
 * meeting one is the expected case, not a failure of jrec's.
 */
public final class PermissionDenied {
    private PermissionDenied() {}

    /** For {@code path}, which an open or a stat refused with EACCES. */
    public static CaptureFormatException of(Path path) {
        Path abs = path.toAbsolutePath();
        Path blocking = null; // the outermost directory that may not be searched is the one to fix
        for (Path d = abs.getParent(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d) && !Files.isExecutable(d)) blocking = d;
        }
        if (blocking != null) {
            return new CaptureFormatException(path + ": permission denied: " + whoami() + " may not enter directory " + blocking
                    + describe(blocking) + "; " + remedy());
        }
        return new CaptureFormatException(path + ": permission denied: " + whoami() + " may not read it" + describe(abs) + "; " + remedy());
    }

    /**
     * Throws {@link #of} when this process may not tell whether {@code path} exists, read it (a file) or list it
     * (a directory); a path that does not exist passes.
     */
    public static void check(Path path) throws CaptureFormatException {
        boolean exists = Files.exists(path);
        if (!exists && Files.notExists(path)) return;
        if (!exists || !Files.isReadable(path) || (Files.isDirectory(path) && !Files.isExecutable(path))) throw of(path);
    }

    private static String describe(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            return " (owner " + a.owner().getName() + ", mode " + PosixFilePermissions.toString(a.permissions()) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static String whoami() {
        return "user " + System.getProperty("user.name");
    }

    private static String remedy() {
        return "run jrec as its owner (or with sudo), or have the owner grant read access";
    }
}
