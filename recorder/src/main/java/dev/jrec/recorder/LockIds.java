package dev.jrec.recorder;

import java.util.HashMap;
import java.util.Map;

/**
 * lock_id: which lock_contention rows are one kernel lock, a number per lock address in order of first
 * contention. Numbers, not addresses: a capture does not disclose kernel memory. A freed lock's memory may
 * come back as another lock and keep its number; nothing in contention_begin/end tells them apart.
 */
final class LockIds {
    /** Past this many locks the numbering starts over for new contentions (a lock seen again gets a new id). */
    private static final int BOUND = 200_000;

    private final Map<Long, Long> byAddress = new HashMap<>();
    private long next = 1;

    long of(long address) {
        Long id = byAddress.get(address);
        if (id == null) {
            if (byAddress.size() >= BOUND) byAddress.clear();
            id = next++;
            byAddress.put(address, id);
        }
        return id;
    }
}
