package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `jrec record` refuses before it loads anything, each in one line with an exit code a script can test. */
class RecordRefusalsTest {
    @TempDir Path dir;

    private CliTest.Run record(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "record";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliTest.jrec(all);
    }

    private static void oneLine(CliTest.Run r, int code, String says) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().lines().findFirst().orElse("").contains(says), r.err());
        assertTrue(r.err().lines().count() <= 2, "one line (and a pointer to --help): " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aZeroDurationIsAUsageError() {
        oneLine(record("-d", "0", "-o", dir.resolve("a.parquet").toString()), ExitCodes.USAGE, "-d must be longer than 0");
        assertFalse(Files.exists(dir.resolve("a.parquet")));
    }

    @Test
    void aPidThatDoesNotExistIsAUsageError() {
        oneLine(record("-p", "999999999", "-o", dir.resolve("a.parquet").toString()), ExitCodes.USAGE, "-p 999999999: no such process");
    }

    @Test
    void aDirectoryThatTakesNoFilesIsSaidAsSuch() {
        // before: "only 0 MiB free where /proc/x.parquet would go", after seconds of loading
        oneLine(record("-d", "1s", "-o", "/proc/x.parquet"), ExitCodes.OUTPUT, "cannot write in /proc");
        oneLine(record("-d", "1s", "-o", "/sys/x.parquet"), ExitCodes.OUTPUT, "cannot write in /sys");
    }
}
