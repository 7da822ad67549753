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
), near AS (
    -- the offcpu program and the sched program stamp the same switch a few µs apart: the latest offcpu row of
    -- the thread up to 1 ms after the switch-in, if it is within 1 ms of it and began before it, may be the
    -- interval this wait ended
    SELECT i.tid, i.comm, i.runq, i.ts, o.stack_id, o.ts AS off_ts,
           o.ts IS NOT NULL AND abs(o.ts - i.ts) < 1000000 AND o.ts - o.dur_ns <= i.ts AS near
    FROM ins i ASOF LEFT JOIN (SELECT tid, ts, dur_ns, stack_id FROM offcpu WHERE dur_ns IS NOT NULL) o
        ON i.tid = o.tid AND i.ts + 1000000 >= o.ts
), woken AS (
    -- an interval ends at one switch-in, the nearest: a preemption soon after it finds the same row
    SELECT comm, runq, near AND row_number() OVER (PARTITION BY tid, near, off_ts ORDER BY abs(off_ts - ts), ts) = 1 AS ended,
           stack_id
    FROM near
)
SELECT comm, CASE WHEN ended THEN stack_id END AS stack_id,
       CASE WHEN NOT ended THEN '[preempted or short sleep]' END AS leaf,
       (sum(runq) // 1000)::BIGINT AS weight
FROM woken
GROUP BY ALL
ORDER BY weight DESC, comm, stack_id;
