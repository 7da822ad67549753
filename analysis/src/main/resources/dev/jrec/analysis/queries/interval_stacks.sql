-- interval_stacks: the stacks recorded for one thread in an interval, for the workbench's timeline when a slice is
-- clicked: where it blocked (offcpu: the stack it blocked in, and the stack of the thread that woke it) and where it
-- ran (profile samples). Frames leaf first, by function name, or [module] when unresolved. An off-CPU interval
-- counts when it overlaps the interval; a sample when it falls in it. In time order.
-- @param tid INTEGER the thread
-- @param from_ns BIGINT interval start on the capture clock, inclusive
-- @param to_ns BIGINT interval end, exclusive
-- @param limit BIGINT rows to return
-- @column what VARCHAR 'blocked', 'woken by TID' (the waker's stack) or 'on CPU' (a profile sample)
-- @column ts BIGINT when the thread ran again (offcpu) or the sample's time
-- @column dur_ns BIGINT time off CPU; null for a sample
-- @column stack_id BIGINT the stack; null when none was recorded
-- @column frames VARCHAR the stack's frames, leaf first, separated by ' ← '; null when the stack is unknown
WITH ev AS (
    SELECT 'blocked' AS what, ts, dur_ns, stack_id FROM offcpu
    WHERE tid = $tid AND ts > $from_ns AND start_ts < $to_ns
    UNION ALL
    SELECT 'woken by ' || coalesce(waker_tid::VARCHAR, '?'), ts, dur_ns, waker_stack_id FROM offcpu
    WHERE tid = $tid AND ts > $from_ns AND start_ts < $to_ns AND (waker_tid IS NOT NULL OR waker_stack_id IS NOT NULL)
    UNION ALL
    SELECT 'on CPU', ts, NULL, stack_id FROM cpu_sample
    WHERE tid = $tid AND ts >= $from_ns AND ts < $to_ns
), f AS (
    SELECT frame_id, any_value(func) AS func, any_value(module) AS module FROM frame GROUP BY frame_id
), named AS (
    SELECT sf.stack_id, string_agg(coalesce(f.func, '[' || coalesce(f.module, 'unknown') || ']'), ' ← ' ORDER BY sf.depth) AS frames
    FROM (SELECT DISTINCT stack_id, depth, frame_id FROM stack_frame WHERE stack_id IN (SELECT stack_id FROM ev)) sf
    LEFT JOIN f USING (frame_id)
    GROUP BY sf.stack_id
)
SELECT ev.what, ev.ts, ev.dur_ns, ev.stack_id, named.frames
FROM ev LEFT JOIN named USING (stack_id)
ORDER BY ev.ts, ev.what
LIMIT $limit;
