-- timeline_cpu_slices: what ran on each CPU in a time window, at a level of detail: a timeline drawing the window
-- asks for buckets as wide as one of its pixels. A slice (a task's on-CPU interval, from its switch-in to the
-- sched_switch that ends it) at least a bucket long comes as it is; shorter ones are summed per CPU and bucket:
-- one row for the bucket with how many slices started in it, their on-CPU time inside the bucket (a slice that
-- crosses into the next bucket counts there for the rest) and the thread that ran the most of it. So a CPU has
-- at most about two rows per bucket whatever the capture's length, and per CPU and bucket the busy_ns of the
-- rows (a long slice's share inside the bucket, plus the bucket's row) is exactly its on-CPU time there. A slice
-- counts when it overlaps the window, and is cut at the window and the recording's start. The idle task (pid 0)
-- is left out. By CPU and time.
-- @param from_ns BIGINT window start on the capture clock, inclusive; buckets count from it
-- @param to_ns BIGINT window end, exclusive
-- @param bucket_ns BIGINT bucket width, e.g. the nanoseconds a pixel covers; at least 1
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: no slice starts before it
-- @column cpu INTEGER CPU it ran on
-- @column start_ns BIGINT the slice's switch-in (cut to the window), or its bucket's start
-- @column dur_ns BIGINT the slice's length, or the bucket's width (cut to the window)
-- @column pid INTEGER the slice's process, or of the thread that ran the most of the bucket
-- @column tid INTEGER the slice's thread, or the one that ran the most of the bucket
-- @column comm VARCHAR that thread's comm
-- @column slices BIGINT 1 for a slice; for a bucket, the slices that started in it
-- @column busy_ns BIGINT on-CPU time: the slice's length, or the bucket's slices' time inside it
WITH cut AS (
    SELECT cpu, greatest(ts - prev_oncpu_ns, $from_ns, $start_ns) AS s, least(ts, $to_ns) AS e,
           prev_pid AS pid, prev_tid AS tid, prev_comm AS comm
    FROM sched_switch
    WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL
      AND ts > $from_ns AND ts > $start_ns AND ts - prev_oncpu_ns < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, prev_pid))
      AND comm_matches(prev_pid, prev_comm, $comm)
), short AS (
    SELECT *, (s - $from_ns) // $bucket_ns AS b0, (e - 1 - $from_ns) // $bucket_ns AS b1
    FROM cut
    WHERE e > s AND e - s < $bucket_ns
), pieces AS (
    -- a short slice lies in one bucket or spans the boundary of two
    SELECT cpu, b0 AS b, pid, tid, comm, least(e, $from_ns + (b0 + 1) * $bucket_ns) - s AS busy, 1 AS n FROM short
    UNION ALL
    SELECT cpu, b1, pid, tid, comm, e - ($from_ns + b1 * $bucket_ns), 0 FROM short WHERE b1 > b0
), per_thread AS (
    SELECT cpu, b, pid, tid, arg_max(comm, busy) AS comm, sum(busy) AS busy, sum(n) AS n
    FROM pieces
    GROUP BY cpu, b, pid, tid
), buckets AS (
    SELECT cpu, $from_ns + b * $bucket_ns AS start_ns, least($bucket_ns, $to_ns - ($from_ns + b * $bucket_ns)) AS dur_ns,
           arg_max({'pid': pid, 'tid': tid, 'comm': comm}, busy) AS top, sum(n)::BIGINT AS slices, sum(busy)::BIGINT AS busy_ns
    FROM per_thread
    GROUP BY cpu, b
)
SELECT cpu, s AS start_ns, e - s AS dur_ns, pid, tid, comm, 1::BIGINT AS slices, e - s AS busy_ns
FROM cut
WHERE e - s >= $bucket_ns
UNION ALL
SELECT cpu, start_ns, dur_ns, top.pid, top.tid, top.comm, slices, busy_ns
FROM buckets
ORDER BY cpu, start_ns, dur_ns;
