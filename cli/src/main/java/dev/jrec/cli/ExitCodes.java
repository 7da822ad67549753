package dev.jrec.cli;

import dev.jrec.formats.CategorizedFailure;

/** Exit codes that scripts can rely on; listed in every command's --help. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** An unexpected failure: a bug, or an I/O error with no better code. */
    public static final int FAILURE = 1;
    /** Wrong options or arguments. */
    public static final int USAGE = 2;
    /** The input is not a readable capture (foreign, truncated, corrupt, newer format, missing, permission denied). */
    public static final int BAD_INPUT = 3;
    /** Missing privilege or kernel feature (root/CAP_BPF, BTF, tracepoint). */
    public static final int UNSUPPORTED = 4;
    /** The disk filled up or the output cannot be written. */
    public static final int OUTPUT = 5;

    /** The one place a failure's category becomes its exit code. */
    static int of(CategorizedFailure.Category category) {
        return switch (category) {
            case NOT_A_CAPTURE -> BAD_INPUT;
            case HOST_UNSUPPORTED -> UNSUPPORTED;
            case OUTPUT_NOT_WRITABLE -> OUTPUT;
        };
    }

    static final String HELP_FOOTER = """

            Exit codes: 0 ok; 1 unexpected failure; 2 bad usage; 3 input is not a readable
            capture; 4 missing privilege or kernel feature; 5 output could not be written.""";
}
