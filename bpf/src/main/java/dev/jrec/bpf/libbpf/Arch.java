package dev.jrec.bpf.libbpf;

/**
 * The architectures jrec has BPF objects for, named as their directories are
 * (src/main/bpf/obj/ARCH, bpf/ARCH/ in the jar). x86_64's objects are tested
 * on a real kernel; arm64's are built and checked against their sources and
 * the Java mirrors of their records, but have not run on an arm64 kernel.
 */
public enum Arch {
    X86_64("x86_64"),
    ARM64("arm64");

    private final String dir;

    Arch(String dir) {
        this.dir = dir;
    }

    /** x86_64 or arm64: the directory of this arch's objects. */
    public String dirName() {
        return dir;
    }

    /** The arch a JVM's os.arch names (amd64 or x86_64, aarch64 or arm64), or null for any other. */
    public static Arch of(String osArch) {
        return switch (osArch == null ? "" : osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> ARM64;
            default -> null;
        };
    }

    /** This JVM's arch; on any other than the two, an exception whose message says so in one line. */
    public static Arch current() {
        String osArch = System.getProperty("os.arch");
        Arch a = of(osArch);
        if (a == null) {
            throw new UnsupportedOperationException("jrec has BPF programs for x86_64 and arm64; this is " + osArch);
        }
        return a;
    }
}
