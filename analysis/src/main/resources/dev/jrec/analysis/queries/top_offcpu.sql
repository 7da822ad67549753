-- top_offcpu: processes by time blocked, derived from the scheduler: a thread switched out in a sleeping
-- state (prev_state not 0) is off CPU until it is switched in again; the run-queue wait after its wakeup is
-- not counted. D is the part in uninterruptible sleep (state bit 2, without TASK_NOLOAD: idle kernel
-- workers are not waiting for I/O). An interval counts when it ends inside the window; a thread still
-- blocked when the capture ends is not counted.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR comm to keep, exact or a glob; null keeps all
-- @param limit BIGINT rows to return
-- @column pid INTEGER process
-- @column comm VARCHAR its comm (the process view's name when known)
-- @column blocks BIGINT times its threads blocked
-- @column offcpu_ms DECIMAL(18,3) time its threads were blocked, ms
-- @column d_ms DECIMAL(18,3) of that, in uninterruptible sleep (D), ms
WITH edges AS (
    SELECT prev_tid AS tid, prev_pid AS pid, prev_comm AS comm, ts, prev_state AS state, NULL::BIGINT AS runq_ns, 0 AS dir
    FROM sched_switch
    WHERE prev_tid <> 0 AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, prev_pid)) AND ($comm IS NULL OR prev_comm GLOB $comm)
    UNION ALL
    SELECT next_tid, next_pid, next_comm, ts, NULL, next_runq_ns, 1
    FROM sched_switch
    WHERE next_tid <> 0 AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, next_pid)) AND ($comm IS NULL OR next_comm GLOB $comm)
), spans AS (
    SELECT tid, pid, comm, state, dir, ts AS out_ts,
           lead(ts) OVER w AS in_ts, lead(dir) OVER w AS next_dir, lead(runq_ns) OVER w AS runq_ns
    FROM edges
    WINDOW w AS (PARTITION BY tid ORDER BY ts, dir)
), blocked AS (
    SELECT pid, comm, in_ts, state, greatest(in_ts - out_ts - coalesce(runq_ns, 0), 0) AS off_ns
    FROM spans
    WHERE dir = 0 AND next_dir = 1 AND state <> 0 AND in_ts >= $from_ns
), p AS (
    SELECT pid, arg_max(comm, in_ts) AS comm, count(*) AS blocks, sum(off_ns) AS off_ns,
           sum(off_ns) FILTER (WHERE state & 2 <> 0 AND state & 1024 = 0) AS d_ns
    FROM blocked GROUP BY pid
)
SELECT p.pid, coalesce(pr.name, p.comm) AS comm, p.blocks, (p.off_ns / 1e6)::DECIMAL(18,3) AS offcpu_ms,
       (coalesce(p.d_ns, 0) / 1e6)::DECIMAL(18,3) AS d_ms
FROM p LEFT JOIN process pr USING (pid)
ORDER BY p.off_ns DESC, p.pid
LIMIT $limit;
