package dev.jrec.bpf.libbpf;

/** A libbpf or syscall failure; {@link #errno()} is the positive errno value. */
public final class LibbpfException extends RuntimeException {
    private final int errno;

    public LibbpfException(String operation, int errno) {
        super(operation + ": " + Libbpf.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    public LibbpfException(String message) {
        super(message);
        this.errno = 0;
    }

    public int errno() {
        return errno;
    }
}
