-- memleak: allocations still outstanding when the recording ended, grouped by the stack that made them, as
-- BCC's memleak prints them: recorded with `jrec record --memleak` (libc's malloc, calloc, realloc,
-- posix_memalign, aligned_alloc, memalign, valloc, pvalloc, libstdc++'s operator new and mmap timed to their
-- return, which gives the address, and every free and munmap). A block is outstanding when no free (or
-- realloc) of its address followed it in its process; one whose address was handed out again first was freed
-- unseen (before the recording, or sampled away) and is left out. Of two nested calls of a thread that handed
-- out one address (operator new's malloc, realloc(NULL)'s, posix_memalign's) the outer counts: its caller is
-- the program's. A mapping counts the bytes no later munmap of its process covered (one unmapped in pieces
-- counts until the last piece goes); a mapping libc itself made (malloc's for a large block: its caller is in
-- libc) is left out, as the malloc that asked for it counts it, and so is one that failed (MAP_FAILED). Only
-- allocations made in the window and at least $older_ns before the recording's end count.
-- @report memleak 320
-- @source uprobe
-- @shape table
-- @help Outstanding allocations at the end of the recording, older than --older, by allocation stack, like BCC's memleak (record with --memleak).
-- @options MemleakView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param older_ns BIGINT only allocations at least this long before the recording's end
-- @param limit BIGINT stacks to return
-- @column bytes BIGINT bytes outstanding from the stack (weighted by sampling): as asked for, not as rounded up
-- @column allocations BIGINT allocations outstanding from it (weighted by sampling)
-- @column pid INTEGER the allocating process
-- @column comm VARCHAR its name (view process), else its thread's comm
-- @column stack VARCHAR the allocation's stack, leaf first: function+0xoffset [module], ' <- ' between frames; null without stacks
WITH calls AS (
    SELECT * FROM uprobe_call
    WHERE (len($pids) = 0 OR list_contains($pids, pid)) AND comm_matches(pid, comm, $comm)
), allocs AS (
    SELECT pid, tid, start_ts, ts AS end_ts, stack_id, comm, weight,
           CASE WHEN func = 'posix_memalign' THEN CASE WHEN ret & 4294967295 = 0 THEN args[1] END ELSE ret END AS addr,
           CASE WHEN func = 'calloc' THEN args[1] * args[2] WHEN func = 'posix_memalign' THEN args[3]
                WHEN func IN ('realloc', 'aligned_alloc', 'memalign') THEN args[2] ELSE args[1] END AS bytes
    FROM calls
    WHERE kind = 'uretprobe' AND (func IN ('malloc', 'calloc', 'realloc', 'posix_memalign', 'aligned_alloc', 'memalign', 'valloc', 'pvalloc')
                                  OR func LIKE '\_Zn_m%' ESCAPE '\')
), blocks AS (
    SELECT a.* FROM allocs a
    WHERE a.addr IS NOT NULL AND a.addr <> 0 AND NOT EXISTS (
        SELECT 1 FROM allocs o WHERE o.pid = a.pid AND o.tid = a.tid AND o.addr = a.addr AND o.start_ts < a.start_ts AND o.end_ts >= a.end_ts)
), ev AS (
    SELECT pid, addr, start_ts AS ts, 1 AS alloc, stack_id, comm, weight, bytes FROM blocks
    UNION ALL
    SELECT pid, args[1], ts, 0, NULL, NULL, NULL, NULL FROM calls WHERE kind = 'uprobe' AND func = 'free' AND args[1] <> 0
    UNION ALL -- a realloc that moved (or kept) the block frees the old address just before its new one is handed out,
    -- and realloc(ptr, 0) frees it (glibc returns NULL); one that failed (NULL for a size > 0) left the block as it was
    SELECT pid, args[1], start_ts - 1, 0, NULL, NULL, NULL, NULL FROM calls
    WHERE kind = 'uretprobe' AND func = 'realloc' AND args[1] <> 0 AND (ret <> 0 OR args[2] = 0)
), kept_blocks AS (
    SELECT * FROM (SELECT *, lead(alloc) OVER (PARTITION BY pid, addr ORDER BY ts, alloc) AS next_alloc FROM ev)
    WHERE alloc = 1 AND next_alloc IS NULL
), maps AS (
    SELECT pid, ret AS addr, args[2] AS length, start_ts AS ts, ts AS end_ts, stack_id, comm, weight FROM calls
    WHERE kind = 'uretprobe' AND func = 'mmap' AND ret NOT IN (0, -1) AND args[2] > 0
      AND coalesce(stack_id NOT IN (SELECT sf.stack_id FROM stack_frame sf JOIN frame f USING (frame_id)
                           WHERE sf.depth = 1 AND regexp_matches(f.module, '/libc[.-][^/]*$')), true)
), unmaps AS (
    SELECT pid, args[1] AS addr, args[2] AS length, ts FROM calls WHERE kind = 'uprobe' AND func = 'munmap' AND args[2] > 0
), cuts AS ( -- what each munmap took from each mapping it covered part of, unless a newer mapping was there by then
    SELECT m.pid, m.addr, m.ts, least(m.addr + m.length, u.addr + u.length) - greatest(m.addr, u.addr) AS cut
    FROM maps m JOIN unmaps u ON u.pid = m.pid AND u.ts > m.end_ts AND u.addr < m.addr + m.length AND m.addr < u.addr + u.length
    WHERE NOT EXISTS (SELECT 1 FROM maps n WHERE n.pid = m.pid AND n.end_ts > m.end_ts AND n.end_ts < u.ts
                      AND n.addr < least(m.addr + m.length, u.addr + u.length) AND greatest(m.addr, u.addr) < n.addr + n.length)
), kept_maps AS (
    SELECT m.pid, m.ts, m.stack_id, m.comm, m.weight, m.length - least(m.length, coalesce(sum(c.cut), 0)) AS bytes
    FROM maps m LEFT JOIN cuts c ON c.pid = m.pid AND c.addr = m.addr AND c.ts = m.ts
    GROUP BY m.pid, m.addr, m.ts, m.stack_id, m.comm, m.weight, m.length
    HAVING bytes > 0
), left_over AS (
    SELECT pid, ts, stack_id, comm, weight, bytes FROM kept_blocks
    UNION ALL
    SELECT pid, ts, stack_id, comm, weight, bytes FROM kept_maps
), outstanding AS (
    SELECT * FROM left_over
    WHERE ts >= $from_ns AND ts < $to_ns
      AND ts <= (SELECT CAST(value AS BIGINT) FROM capture_metadata WHERE key = 'jrec.recording.end_ns') - $older_ns
), frames AS (
    SELECT sf.stack_id,
           string_agg(coalesce(f.func || '+0x' || lower(hex(f.func_offset)), '0x' || lower(hex(f.addr)))
                      || ' [' || coalesce(nullif(regexp_extract(f.module, '[^/]*$'), '[unknown]'), '?') || ']', ' <- ' ORDER BY sf.depth) AS stack
    FROM stack_frame sf JOIN frame f USING (frame_id)
    WHERE sf.stack_id IN (SELECT DISTINCT stack_id FROM outstanding WHERE stack_id IS NOT NULL)
    GROUP BY sf.stack_id
)
SELECT sum(l.bytes * l.weight)::BIGINT AS bytes, sum(l.weight)::BIGINT AS allocations, l.pid,
       coalesce(any_value(pr.name), any_value(l.comm)) AS comm, any_value(fr.stack) AS stack
FROM outstanding l LEFT JOIN frames fr USING (stack_id) LEFT JOIN process pr ON pr.pid = l.pid
GROUP BY l.pid, l.stack_id
ORDER BY bytes DESC, allocations DESC
LIMIT $limit;
