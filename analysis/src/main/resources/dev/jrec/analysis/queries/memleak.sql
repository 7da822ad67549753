-- memleak: allocations still outstanding when the recording ended, grouped by the stack that made them, as
-- BCC's memleak prints them: recorded with `jrec record --memleak` (libc's malloc, calloc, realloc,
-- aligned_alloc and mmap timed to their return, which gives the address, and every free and munmap). An
-- allocation is outstanding when no free (or realloc, or munmap of a mapping) of its address followed it in
-- its process; a mapping libc itself made (malloc's for a large block: its caller is in libc) is left out,
-- as the malloc that asked for it counts it, and so is one that failed (MAP_FAILED). One whose address was
-- handed out again first was freed unseen (before the recording, or sampled away) and is left out. Only
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
-- @column bytes BIGINT bytes outstanding from the stack (weighted by sampling)
-- @column allocations BIGINT allocations outstanding from it (weighted by sampling)
-- @column pid INTEGER the allocating process
-- @column comm VARCHAR its name (view process), else its thread's comm
-- @column stack VARCHAR the allocation's stack, leaf first: function+0xoffset [module], ' <- ' between frames; null without stacks
WITH calls AS (
    SELECT * FROM uprobe_call
    WHERE (len($pids) = 0 OR list_contains($pids, pid)) AND comm_matches(pid, comm, $comm)
), ev AS (
    SELECT pid, ret AS addr, start_ts AS ts, 1 AS alloc, stack_id, comm, weight,
           CASE func WHEN 'calloc' THEN args[1] * args[2] WHEN 'malloc' THEN args[1] ELSE args[2] END AS bytes
    FROM calls WHERE kind = 'uretprobe' AND func IN ('malloc', 'calloc', 'realloc', 'aligned_alloc', 'mmap') AND ret <> 0
      AND NOT (func = 'mmap' AND (ret = -1 OR stack_id IN (SELECT sf.stack_id FROM stack_frame sf JOIN frame f USING (frame_id)
                                                          WHERE sf.depth = 1 AND regexp_matches(f.module, '/libc[.-][^/]*$'))))
    UNION ALL
    SELECT pid, args[1], ts, 0, NULL, NULL, NULL, NULL FROM calls WHERE kind = 'uprobe' AND func IN ('free', 'munmap') AND args[1] <> 0
    UNION ALL -- a realloc that moved (or kept) the block frees the old address just before its new one is handed out
    SELECT pid, args[1], start_ts - 1, 0, NULL, NULL, NULL, NULL FROM calls
    WHERE kind = 'uretprobe' AND func = 'realloc' AND args[1] <> 0 AND ret <> 0
), nexts AS (
    SELECT *, lead(alloc) OVER (PARTITION BY pid, addr ORDER BY ts, alloc) AS next_alloc FROM ev
), left_over AS (
    SELECT * FROM nexts
    WHERE alloc = 1 AND next_alloc IS NULL AND ts >= $from_ns AND ts < $to_ns
      AND ts <= (SELECT CAST(value AS BIGINT) FROM capture_metadata WHERE key = 'jrec.recording.end_ns') - $older_ns
), frames AS (
    SELECT sf.stack_id,
           string_agg(coalesce(f.func || '+0x' || lower(hex(f.func_offset)), '0x' || lower(hex(f.addr)))
                      || ' [' || coalesce(nullif(regexp_extract(f.module, '[^/]*$'), '[unknown]'), '?') || ']', ' <- ' ORDER BY sf.depth) AS stack
    FROM stack_frame sf JOIN frame f USING (frame_id)
    WHERE sf.stack_id IN (SELECT DISTINCT stack_id FROM left_over WHERE stack_id IS NOT NULL)
    GROUP BY sf.stack_id
)
SELECT sum(l.bytes * l.weight)::BIGINT AS bytes, sum(l.weight)::BIGINT AS allocations, l.pid,
       coalesce(any_value(pr.name), any_value(l.comm)) AS comm, any_value(fr.stack) AS stack
FROM left_over l LEFT JOIN frames fr USING (stack_id) LEFT JOIN process pr ON pr.pid = l.pid
GROUP BY l.pid, l.stack_id
ORDER BY bytes DESC, allocations DESC
LIMIT $limit;
