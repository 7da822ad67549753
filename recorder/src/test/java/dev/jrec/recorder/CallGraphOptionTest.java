package dev.jrec.recorder;

import dev.jrec.bpf.libbpf.Arch;
import dev.jrec.formats.schema.Source;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --call-graph: fp, dwarf, dwarf,SIZE. */
class CallGraphOptionTest {
    @Test
    void modesAndSizes() {
        assertEquals(0, RecordCommand.ustackBytes("fp"));
        assertEquals(8192, RecordCommand.ustackBytes("dwarf"));
        assertEquals(8192, RecordCommand.ustackBytes(null));
        assertEquals(512, RecordCommand.ustackBytes("dwarf,512"));
        assertEquals(16384, RecordCommand.ustackBytes("dwarf,16K"));
        assertEquals(4096, RecordCommand.ustackBytes("dwarf,4k"));
        for (String bad : new String[] {"lbr", "dwarf,3000", "dwarf,32K", "dwarf,256", "dwarf,"}) {
            assertThrows(IllegalArgumentException.class, () -> RecordCommand.ustackBytes(bad), bad);
        }
        assertEquals(RecordConfig.DEFAULT_USTACK_BYTES, RecordConfig.defaults(java.nio.file.Path.of("x.parquet")).ustackBytes());
        assertTrue(RecordConfig.defaults(java.nio.file.Path.of("x.parquet")).withUstackBytes(0).toJson().contains("\"ustack_bytes\":0"));
    }

    /** The unwinder is x86-64's: on arm64 dwarf falls back to frame pointers, saying so once (not run on arm64 here). */
    @Test
    void dwarfFallsBackToFramePointersOffX86() {
        RecordConfig profile = RecordConfig.defaults(Path.of("x.parquet")).withSources(Set.of(Source.PROFILE, Source.SCHED));
        List<String> warnings = new ArrayList<>();
        assertSame(profile, Recorder.userStacksFor(Arch.X86_64, profile, warnings));
        assertEquals(List.of(), warnings);

        RecordConfig arm = Recorder.userStacksFor(Arch.ARM64, profile, warnings);
        assertEquals(0, arm.ustackBytes());
        assertEquals(List.of("--call-graph dwarf unwinds x86-64 stacks only; on arm64 user stacks come from frame pointers"), warnings);

        warnings.clear();
        RecordConfig sched = profile.withSources(Set.of(Source.SCHED));
        assertEquals(0, Recorder.userStacksFor(Arch.ARM64, sched, warnings).ustackBytes());
        assertEquals(List.of(), warnings, "no stacks recorded: nothing to warn about");
        RecordConfig fp = profile.withUstackBytes(0);
        assertSame(fp, Recorder.userStacksFor(Arch.ARM64, fp, warnings));
    }
}
