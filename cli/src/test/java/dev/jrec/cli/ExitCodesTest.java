package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrec.formats.CategorizedFailure;
import dev.jrec.formats.read.CaptureFormatException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import org.junit.jupiter.api.Test;

/** A failure's exit code comes from its category, whichever module threw it. */
class ExitCodesTest {
    @Test
    void eachCategoryHasItsDocumentedCode() {
        assertEquals(ExitCodes.BAD_INPUT, ExitCodes.of(CategorizedFailure.Category.NOT_A_CAPTURE));
        assertEquals(ExitCodes.UNSUPPORTED, ExitCodes.of(CategorizedFailure.Category.HOST_UNSUPPORTED));
        assertEquals(ExitCodes.OUTPUT, ExitCodes.of(CategorizedFailure.Category.OUTPUT_NOT_WRITABLE));
    }

    @Test
    void uncategorizedFailuresAreUnexpected() {
        assertEquals(ExitCodes.BAD_INPUT, Jrec.exitCode(new CaptureFormatException("not a capture")));
        assertEquals(ExitCodes.OUTPUT, Jrec.exitCode(new FileAlreadyExistsException("x.parquet exists")));
        assertEquals(ExitCodes.FAILURE, Jrec.exitCode(new IOException("disk on fire")));
        assertEquals(ExitCodes.FAILURE, Jrec.exitCode(new IllegalStateException()));
    }
}
