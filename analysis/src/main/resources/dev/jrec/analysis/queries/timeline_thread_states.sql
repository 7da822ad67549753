-- timeline_thread_states: what each thread was doing in a time window, at a level of detail, for the state lanes of
-- a timeline that draws the window in buckets as wide as a pixel: the intervals of thread_states (running, runnable,
-- S, D or the kernel's state number), cut to the window; one at least a bucket long comes as it is, shorter ones are
-- summed per thread and bucket into one row with the state the thread spent the most of that time in, how many
-- intervals it stands for and their time in that state. So a thread has at most about two rows per bucket whatever
-- the capture's length. An interval counts when it overlaps the window, and is cut at the window and the
-- recording's start. In thread and time order.
-- @param from_ns BIGINT window start on the capture clock, inclusive; buckets count from it
-- @param to_ns BIGINT window end, exclusive
-- @param bucket_ns BIGINT bucket width, e.g. the nanoseconds a pixel covers; at least 1
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR comm to keep, exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @param start_ns BIGINT the recording's start: no interval starts before it
-- @param limit BIGINT rows to return at most
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column comm VARCHAR the thread's comm at that time
-- @column state VARCHAR running, runnable, S, D, or the kernel's state number; for a bucket the one it spent the most time in
-- @column start_ns BIGINT interval start (cut to the window), or the bucket's start
-- @column dur_ns BIGINT interval length, or the bucket's width (cut to the window)
-- @column intervals BIGINT 1 for an interval; for a bucket, the intervals that started in it
-- @column state_ns BIGINT the interval's length; for a bucket, the time of its intervals in its state
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
), cut AS (
    SELECT pid, tid, comm, state, greatest(s, $from_ns, $start_ns) AS s, least(e, $to_ns) AS e
    FROM iv
    WHERE e > $from_ns AND s < $to_ns AND least(e, $to_ns) > greatest(s, $from_ns, $start_ns)
), per_state AS (
    SELECT tid, (s - $from_ns) // $bucket_ns AS b, state, any_value(pid) AS pid, arg_max(comm, s) AS comm,
           sum(e - s) AS t, count(*) AS n
    FROM cut
    WHERE e - s < $bucket_ns
    GROUP BY tid, b, state
), buckets AS (
    SELECT tid, b, arg_max({'pid': pid, 'comm': comm, 'state': state, 't': t}, t) AS top, sum(n)::BIGINT AS intervals
    FROM per_state
    GROUP BY tid, b
)
SELECT pid, tid, comm, state, s AS start_ns, e - s AS dur_ns, 1::BIGINT AS intervals, e - s AS state_ns
FROM cut
WHERE e - s >= $bucket_ns
UNION ALL
SELECT top.pid, tid, top.comm, top.state, $from_ns + b * $bucket_ns, least($bucket_ns, $to_ns - ($from_ns + b * $bucket_ns)),
       intervals, top.t::BIGINT
FROM buckets
ORDER BY tid, start_ns, state
LIMIT $limit;
