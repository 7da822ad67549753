package dev.jrec.recorder.stacks;

/**
 * A stack trace map as the BPF objects fill it: id → instruction pointers,
 * leaf first, or null for a negative or missing id.
 * dev.jrec.bpf.perf.StackMap::ips is one.
 */
@FunctionalInterface
public interface StackLookup {
    long[] ips(int stackId);
}
