package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrec.formats.schema.Source;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The encoder waits for idle CPU unless it must meet processes while they exist (stack sources). */
class EncoderNiceTest {
    private static Recorder recorder(Source... sources) {
        return new Recorder(RecordConfig.defaults(Path.of("x.parquet")).withSources(EnumSet.of(sources[0], sources)));
    }

    @Test
    void lowestPriorityWithoutStacks() {
        assertEquals(Recorder.ENCODER_NICE, recorder(Source.SCHED, Source.PROC, Source.BLOCK).encoderNice());
        assertEquals(19, recorder(Source.SYSCALL).encoderNice());
    }

    @Test
    void ordinaryPriorityWithAStackSource() {
        assertEquals(0, recorder(Source.SCHED, Source.PROFILE).encoderNice());
        assertEquals(0, recorder(Source.OFFCPU).encoderNice());
    }

    @Test
    void whatIsAskedForWins() {
        assertEquals(5, recorder(Source.PROFILE).encoderNice(5).encoderNice());
        assertEquals(19, recorder(Source.OFFCPU).encoderNice(19).encoderNice());
    }
}
