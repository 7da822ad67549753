-- thread_states: what each thread was doing over time, for the workbench's per-process lanes: running (on a CPU,
-- from its switch-in to its switch-out), runnable (waiting for a CPU: next_runq_ns before a switch-in) and
-- blocked from a switch-out in a sleeping state until its wakeup (the next switch-in less its run-queue wait),
-- with that state: S (interruptible sleep), D (uninterruptible, usually I/O) or the kernel's number. A thread
-- still asleep at the end of the recording shows blocked until the last switch. An interval counts when it
-- overlaps the window, and is cut at the window and the recording's start. In thread and time order.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR comm to keep, exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @param start_ns BIGINT the recording's start: no interval starts before it
-- @param limit BIGINT rows to return at most
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column comm VARCHAR the thread's comm at that time
-- @column state VARCHAR running, runnable, S, D, or the kernel's state number when it is another
-- @column start_ns BIGINT interval start, on the capture clock
-- @column dur_ns BIGINT interval length
WITH edges AS (
    SELECT prev_pid AS pid, prev_tid AS tid, prev_comm AS comm, ts, prev_oncpu_ns AS oncpu_ns, prev_state AS state,
           NULL::BIGINT AS runq_ns, 0 AS dir
    FROM sched_switch
    WHERE prev_tid <> 0 AND (len($pids) = 0 OR list_contains($pids, prev_pid)) AND ($comm IS NULL OR prev_comm GLOB $comm)
      AND (len($tids) = 0 OR list_contains($tids, prev_tid))
    UNION ALL
    SELECT next_pid, next_tid, next_comm, ts, NULL, NULL, next_runq_ns, 1
    FROM sched_switch
    WHERE next_tid <> 0 AND (len($pids) = 0 OR list_contains($pids, next_pid)) AND ($comm IS NULL OR next_comm GLOB $comm)
      AND (len($tids) = 0 OR list_contains($tids, next_tid))
), spans AS (
    SELECT *, lead(dir) OVER w AS next_dir, lead(ts) OVER w - coalesce(lead(runq_ns) OVER w, 0) AS wake_ts
    FROM edges
    WINDOW w AS (PARTITION BY tid ORDER BY ts, dir)
), iv AS (
    SELECT pid, tid, comm, 'running' AS state, ts - oncpu_ns AS s, ts AS e FROM spans WHERE dir = 0 AND oncpu_ns IS NOT NULL
    UNION ALL
    SELECT pid, tid, comm, 'runnable', ts - runq_ns, ts FROM spans WHERE dir = 1 AND runq_ns IS NOT NULL
    UNION ALL
    SELECT pid, tid, comm, CASE WHEN state & 2 <> 0 THEN 'D' WHEN state & 1 <> 0 THEN 'S' ELSE state::VARCHAR END,
           ts, CASE WHEN next_dir = 1 THEN wake_ts ELSE (SELECT max(ts) FROM sched_switch) END
    FROM spans
    WHERE dir = 0 AND state <> 0 AND (next_dir = 1 OR (next_dir IS NULL AND state & 3 <> 0))
)
SELECT pid, tid, comm, state, greatest(s, $from_ns, $start_ns) AS start_ns, least(e, $to_ns) - greatest(s, $from_ns, $start_ns) AS dur_ns
FROM iv
WHERE e > $from_ns AND s < $to_ns AND least(e, $to_ns) > greatest(s, $from_ns, $start_ns)
ORDER BY tid, start_ns, state
LIMIT $limit;
