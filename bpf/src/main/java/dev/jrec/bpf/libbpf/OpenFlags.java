package dev.jrec.bpf.libbpf;

/** The open(2) flags jrec passes, for this machine's arch: O_DIRECTORY is not the same number everywhere. */
final class OpenFlags {
    private OpenFlags() {}

    static final int O_RDONLY = 0;
    static final int O_DIRECTORY = directory(Arch.of(System.getProperty("os.arch")));
    static final int O_CLOEXEC = 02000000; // x86-64 and asm-generic (arm64) agree

    /** x86-64's 0200000 is arm64's O_DIRECT, which a cgroup directory refuses. */
    static int directory(Arch a) {
        return a == Arch.ARM64 ? 040000 : 0200000;
    }
}
