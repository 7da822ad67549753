package dev.jrec.recorder;

import dev.jrec.bpf.events.EventLayouts;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * IRQ names for the rows. A hardirq record carries its handler's name, as the kernel had it at that moment (a
 * shared line runs several handlers, and a driver may rename its vectors), so the name is kept per irq and
 * per name bytes: the same few handlers fire thousands of times a second, and each name is decoded once.
 * Softirq vectors have fixed names, the ones /proc/softirqs prints.
 */
final class IrqNames {
    private static final String[] VECTORS = {"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU"};
    private static final int WORDS = EventLayouts.IRQ_NAME_LEN / 8;

    private record Name(long[] words, String name) {}

    private final Map<Integer, Name> last = new HashMap<>();

    /** The name of irq in the IRQ_NAME_LEN bytes at off. */
    String hard(int irq, MemorySegment s, long off) {
        Name n = last.get(irq);
        if (n != null && same(n.words, s, off)) return n.name;
        long[] words = new long[WORDS];
        for (int i = 0; i < WORDS; i++) words[i] = s.get(JAVA_LONG_UNALIGNED, off + 8L * i);
        String name = CommCache.decode(s, off, EventLayouts.IRQ_NAME_LEN).intern();
        last.put(irq, new Name(words, name));
        return name;
    }

    private static boolean same(long[] words, MemorySegment s, long off) {
        for (int i = 0; i < WORDS; i++) if (words[i] != s.get(JAVA_LONG_UNALIGNED, off + 8L * i)) return false;
        return true;
    }

    /** As /proc/softirqs names the vector; a vector a later kernel adds is "vecN". */
    static String soft(int vec) {
        return vec >= 0 && vec < VECTORS.length ? VECTORS[vec] : "vec" + vec;
    }
}
