package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jrec.bpf.libbpf.LibbpfException;
import dev.jrec.formats.CategorizedFailure;
import org.junit.jupiter.api.Test;

/**
 * What the kernel refuses after the preflight checks passed leaves the recorder in its own category with
 * libbpf's words, which jrec record prints as they are (exit 4, as when the libbpf exception reached it).
 */
class BpfFailureTest {
    @Test
    void keepsLibbpfsMessageAndSaysTheHostCannotRecord() {
        LibbpfException libbpf = new LibbpfException("bpf_object__load(sched, AUTO)", 1);
        Recorder.BpfFailure e = new Recorder.BpfFailure(libbpf);
        assertEquals(libbpf.getMessage(), e.getMessage());
        assertSame(libbpf, e.getCause());
        assertEquals(CategorizedFailure.Category.HOST_UNSUPPORTED, e.category());
    }
}
