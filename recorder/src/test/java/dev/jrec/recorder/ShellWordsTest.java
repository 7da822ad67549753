package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** jrec.command_line is "the exact command line": one a shell takes back as the same words. */
class ShellWordsTest {
    @Test
    void wordsWithSpacesOrShellSyntaxAreQuoted() throws Exception {
        List<String> args = List.of("jrec", "record", "--ring", "5m", "--trigger", "runqlat > 50ms", "--trigger", "exit signal=SEGV|ABRT",
                "--comm", "it's", "-o", "/tmp/a b.parquet", "--pid", "42,43");
        String line = Recorder.shellWords(args);
        assertEquals("jrec record --ring 5m --trigger 'runqlat > 50ms' --trigger 'exit signal=SEGV|ABRT' --comm 'it'\\''s'"
                + " -o '/tmp/a b.parquet' --pid 42,43", line);
        Process p = new ProcessBuilder("sh", "-c", "for a in " + line + "; do printf '%s\\n' \"$a\"; done").start();
        assertEquals(String.join("\n", args) + "\n", new String(p.getInputStream().readAllBytes()), "sh reads back the same words");
    }
}
