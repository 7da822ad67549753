package dev.jrec.cli;

import java.io.IOException;

/**
 * Processes that start and exit all along, for tests that record {@code --events proc} and wait for segments
 * to close: a quiet host makes no proc events, and a segment with no rows never closes.
 */
final class ProcChurn {
    private ProcChurn() {}

    static Process start() throws IOException {
        return new ProcessBuilder("sh", "-c", "while :; do /bin/true; sleep 0.02; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
