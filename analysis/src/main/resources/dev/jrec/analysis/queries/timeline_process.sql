-- timeline_process: per process and time bucket, the time its threads spent running, runnable (waiting for a
-- CPU) and blocked, summed over its threads, for the processes that ran the most in the window. All from
-- sched_switch: a thread runs until it is switched out (prev_oncpu_ns), is runnable for next_runq_ns before it
-- is switched in, and is blocked from a switch-out in a sleeping state (prev_state not 0) until its wakeup (the
-- next switch-in less its run-queue wait); a thread still asleep (S or D) at the end counts as blocked until the
-- window's end or the last switch. Intervals are cut at bucket edges and at the window; buckets count from
-- $start_ns. Only buckets with time are listed.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT where bucket 0 starts (the window's start, at or after the recording's)
-- @param bucket_ns BIGINT bucket length, ns
-- @param limit BIGINT processes to show, the most run time first
-- @column bucket BIGINT bucket number: it starts at start_ns + bucket * bucket_ns
-- @column pid INTEGER process
-- @column comm VARCHAR its name (the process view's, else its threads' last comm)
-- @column rank BIGINT 1 for the process that ran the most in the window
-- @column run_ns BIGINT time its threads ran in the bucket
-- @column runnable_ns BIGINT time its threads waited for a CPU
-- @column blocked_ns BIGINT time its threads were blocked (sleeping; not idle in TASK_IDLE, as kernel threads wait for work)
WITH run AS (
    SELECT prev_pid AS pid, prev_comm AS comm, greatest(ts - prev_oncpu_ns, $from_ns, $start_ns) AS s, least(ts, $to_ns) AS e
    FROM sched_switch
    WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL
      AND ts > $from_ns AND ts - prev_oncpu_ns < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, prev_pid))
      AND comm_matches(prev_pid, prev_comm, $comm)
), top AS (
    SELECT pid, arg_max(comm, e) AS comm, row_number() OVER (ORDER BY sum(e - s) DESC, pid) AS rank
    FROM run WHERE e > s GROUP BY pid
    QUALIFY rank <= $limit
), runq AS (
    SELECT next_pid AS pid, greatest(ts - next_runq_ns, $from_ns, $start_ns) AS s, least(ts, $to_ns) AS e
    FROM sched_switch
    WHERE next_runq_ns IS NOT NULL AND next_pid IN (SELECT pid FROM top)
      AND ts > $from_ns AND ts - next_runq_ns < $to_ns
      AND comm_matches(next_pid, next_comm, $comm)
), edges AS (
    SELECT prev_tid AS tid, prev_pid AS pid, ts, prev_state AS state, NULL::BIGINT AS runq_ns, 0 AS dir
    FROM sched_switch
    WHERE prev_pid IN (SELECT pid FROM top) AND ts < $to_ns AND comm_matches(prev_pid, prev_comm, $comm)
    UNION ALL
    SELECT next_tid, next_pid, ts, NULL, next_runq_ns, 1
    FROM sched_switch
    WHERE next_pid IN (SELECT pid FROM top) AND ts > $from_ns AND comm_matches(next_pid, next_comm, $comm)
), spans AS (
    SELECT pid, state, dir, ts, lead(dir) OVER w AS next_dir, lead(ts) OVER w - coalesce(lead(runq_ns) OVER w, 0) AS wake_ts
    FROM edges
    WINDOW w AS (PARTITION BY tid ORDER BY ts, dir)
), blocked AS (
    SELECT pid, greatest(ts, $from_ns, $start_ns) AS s,
           CASE WHEN next_dir = 1 THEN least(wake_ts, $to_ns)
                ELSE least($to_ns, (SELECT max(ts) FROM sched_switch)) END AS e
    FROM spans
    WHERE dir = 0 AND state <> 0 AND state & 1026 <> 1026 AND (next_dir = 1 OR (next_dir IS NULL AND state & 3 <> 0))
), iv AS (
    SELECT pid, 0 AS what, s, e FROM run WHERE pid IN (SELECT pid FROM top)
    UNION ALL SELECT pid, 1, s, e FROM runq
    UNION ALL SELECT pid, 2, s, e FROM blocked
), pieces AS (
    SELECT pid, what, s, e, unnest(range((s - $start_ns) // $bucket_ns, (e - 1 - $start_ns) // $bucket_ns + 1)) AS bucket
    FROM iv WHERE e > s
), sums AS (
    SELECT bucket, pid, what,
           sum(least(e, $start_ns + (bucket + 1) * $bucket_ns) - greatest(s, $start_ns + bucket * $bucket_ns)) AS ns
    FROM pieces GROUP BY ALL
)
SELECT s.bucket, s.pid, coalesce(pr.name, t.comm) AS comm, t.rank,
       coalesce(sum(ns) FILTER (WHERE what = 0), 0)::BIGINT AS run_ns,
       coalesce(sum(ns) FILTER (WHERE what = 1), 0)::BIGINT AS runnable_ns,
       coalesce(sum(ns) FILTER (WHERE what = 2), 0)::BIGINT AS blocked_ns
FROM sums s JOIN top t USING (pid) LEFT JOIN process pr USING (pid)
GROUP BY s.bucket, s.pid, pr.name, t.comm, t.rank
ORDER BY s.bucket, t.rank;
