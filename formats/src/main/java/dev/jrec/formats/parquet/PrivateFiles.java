package dev.jrec.formats.parquet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Where every file jrec writes for a user is created: captures, their parts and exports hold command lines,
 * paths and cgroup names of every process on the host, so they are the owner's only (0600, folders 0700,
 * whatever the umask), as perf's are. Under sudo they belong to the user who ran sudo ({@code SUDO_UID},
 * {@code SUDO_GID}), who can then read them without root.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Owner OWNER = Owner.of(System.getenv(), effectiveUid());

    private PrivateFiles() {}

    /** Whom files go to: {@code uid < 0} leaves them to the process's user. */
    record Owner(int uid, int gid) {
        static final Owner SELF = new Owner(-1, -1);

        /** The sudo caller when running as root under sudo; else whoever runs jrec. */
        static Owner of(Map<String, String> env, int euid) {
            if (euid != 0) return SELF;
            int uid = id(env.get("SUDO_UID")), gid = id(env.get("SUDO_GID"));
            return uid <= 0 ? SELF : new Owner(uid, gid);
        }

        private static int id(String s) {
            try {
                return s == null ? -1 : Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** /proc/self belongs to the effective uid; -1 when that cannot be told (not Linux). */
    private static int effectiveUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** Opens a new file for writing, 0600 and the user's; {@code options} add to WRITE (CREATE_NEW if none creates). */
    public static FileChannel create(Path p, OpenOption... options) throws IOException {
        Set<OpenOption> opts = new java.util.HashSet<>(java.util.Arrays.asList(options));
        opts.add(StandardOpenOption.WRITE);
        if (!opts.contains(StandardOpenOption.CREATE)) opts.add(StandardOpenOption.CREATE_NEW);
        FileChannel ch = FileChannel.open(p, opts, attribute(FILE));
        try {
            secure(p, FILE, OWNER);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /** A new file's stream, 0600 and the user's. */
    public static OutputStream newOutputStream(Path p, OpenOption... options) throws IOException {
        return Channels.newOutputStream(create(p, options));
    }

    /** Creates {@code dir} (not its parents), 0700 and the user's. */
    public static Path createDirectory(Path dir) throws IOException {
        Files.createDirectory(dir, attribute(DIR));
        secure(dir, DIR, OWNER);
        return dir;
    }

    /** Makes a file jrec wrote the owner's only (0600) and the user's: for files a library created. */
    public static void secure(Path p) throws IOException {
        secure(p, FILE, OWNER);
    }

    /**
     * The mode is set after creation too: the one given to open(2) is cut by the umask, and a umask may cut 0600.
     * A file system without Unix modes or owners (vfat, an NFS export that squashes root) refuses chmod or chown:
     * its own rules then apply, and the capture is still written.
     */
    static void secure(Path p, Set<PosixFilePermission> mode, Owner owner) throws IOException {
        try {
            Files.setPosixFilePermissions(p, mode);
            if (owner.uid() > 0) {
                Files.setAttribute(p, "unix:uid", owner.uid());
                if (owner.gid() >= 0) Files.setAttribute(p, "unix:gid", owner.gid());
            }
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException notUnix) {
            if (notUnix instanceof java.nio.file.NoSuchFileException gone) throw gone;
        }
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> mode) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
