package dev.jrec.formats;

/**
 * An exception of a documented category, whichever module throws it: the command line turns the category into
 * its exit code without knowing the exception's class. Its message is one line, fit to print as it is.
 */
public interface CategorizedFailure {
    /** What went wrong, as a script that runs jrec needs to tell apart. */
    enum Category {
        /** The input is not a readable capture (foreign, truncated, corrupt, newer format, missing, permission denied). */
        NOT_A_CAPTURE,
        /** The host lacks a privilege or kernel feature that recording needs (root/CAP_BPF, BTF, a tracepoint). */
        HOST_UNSUPPORTED,
        /** The output cannot be written (it exists, the disk is full, the directory takes no files). */
        OUTPUT_NOT_WRITABLE
    }

    Category category();
}
