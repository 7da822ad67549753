package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit shipped in the release artifacts runs: its ExecStart, with the folder moved and for 3 s. */
class ServiceUnitTest {
    @TempDir Path dir;

    /** ExecStart's words as systemd splits them: on blanks, single quotes keeping what is inside together. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) out.add(w.toString());
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) out.add(w.toString());
        return out;
    }

    @Test
    void theUnitsCommandRecordsARingWithItsTriggers() throws Exception {
        String exec = Files.readAllLines(Path.of("../dist/src/dist/jrec.service")).stream().filter(l -> l.startsWith("ExecStart="))
                .findFirst().orElseThrow().substring("ExecStart=".length());
        List<String> w = words(exec);
        assertEquals("@BIN@", w.get(0));
        assertEquals("record", w.get(1));
        List<String> args = new ArrayList<>(w.subList(2, w.size()));
        int d = args.indexOf("--dir");
        assertEquals("/var/lib/jrec", args.get(d + 1), "the unit's StateDirectory");
        args.set(d + 1, dir.toString());
        args.addAll(List.of("-d", "3s"));
        Path log = dir.resolve("unit.log");
        ChildRecorder.record(log, args.toArray(String[]::new));
        String out = Files.readString(log);
        assertTrue(out.contains("into a ring of the last 5 min (at most 2.00 GiB)") && out.contains("4 trigger(s)"), out);
        assertTrue(Files.isDirectory(dir.resolve("ring.parts")) && Files.exists(dir.resolve("ring.parts/stopped")), "the ring stays, stopped");
    }
}
