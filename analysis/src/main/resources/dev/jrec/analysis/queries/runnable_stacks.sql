-- runnable_stacks: time threads waited for a CPU — each switch-in's run-queue wait (sched_switch next_runq_ns) —
-- with the stack they had blocked in when the wait followed an off-CPU interval (the offcpu row the same switch-in
-- ended, found by thread and time), else none: the thread was preempted, or slept shorter than the recording's
-- --offcpu-min. The runnable part of the wall-clock flame graph, in microseconds (WallClock). A wait counts when
-- its switch-in is inside the window.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column comm VARCHAR comm of the waiting thread: the stack's first (root) frame
-- @column stack_id BIGINT the stack it had blocked in; null after a preemption or a short sleep
-- @column leaf VARCHAR [preempted or short sleep] when there is no stack, else null
-- @column weight BIGINT microseconds waiting for a CPU
WITH ins AS (
    SELECT ts, next_pid AS pid, next_tid AS tid, next_comm AS comm, next_runq_ns AS runq
    FROM sched_switch
    WHERE next_tid <> 0 AND next_runq_ns > 0 AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, next_pid))
      AND comm_matches(next_pid, next_comm, $comm)
), woken AS (
    -- the offcpu program and the sched program stamp the same switch a few µs apart: the latest offcpu row of
    -- the thread up to 1 ms after the switch-in, if it is within 1 ms of it, is the interval this wait ended
    SELECT i.comm, i.runq, o.stack_id, o.ts AS off_ts, i.ts
    FROM ins i ASOF LEFT JOIN offcpu o ON i.tid = o.tid AND i.ts + 1000000 >= o.ts
)
SELECT comm, CASE WHEN abs(off_ts - ts) < 1000000 THEN stack_id END AS stack_id,
       CASE WHEN off_ts IS NULL OR abs(off_ts - ts) >= 1000000 THEN '[preempted or short sleep]' END AS leaf,
       (sum(runq) // 1000)::BIGINT AS weight
FROM woken
GROUP BY ALL
ORDER BY weight DESC, comm, stack_id;
