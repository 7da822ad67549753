package dev.jrec.formats.read;

import dev.jrec.formats.CategorizedFailure;
import java.io.IOException;

/**
 * A file that cannot be read as a capture. The message is one line that says what the file is and what
 * to do, fit to print as it is.
 */
public class CaptureFormatException extends IOException implements CategorizedFailure {
    public CaptureFormatException(String message) {
        super(message);
    }

    public CaptureFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.NOT_A_CAPTURE;
    }
}
