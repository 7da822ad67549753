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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How much user stack a recording copies: the default, the footer's record of it, and where dwarf unwinding falls back. */
class UserStacksConfigTest {
    @Test
    void defaultIsDwarfWithEightKiB() {
        assertEquals(RecordConfig.DEFAULT_USTACK_BYTES, RecordConfig.defaults(Path.of("x.parquet")).ustackBytes());
        assertTrue(RecordConfig.defaults(Path.of("x.parquet")).withUstackBytes(0).toJson().contains("\"ustack_bytes\":0"));
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
