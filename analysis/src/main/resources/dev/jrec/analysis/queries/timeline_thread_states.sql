-- timeline_thread_states: what each thread was doing in a time window, at a level of detail, for the state lanes of
-- a timeline that draws the window in buckets as wide as a pixel: the intervals of thread_states (running, runnable,
-- S, D, I or the kernel's state number), cut to the window; one at least a bucket long comes as it is, shorter ones are
-- summed per thread and bucket into one row with the state the thread spent the most of that time in, how many
-- intervals it stands for and their time in that state. So a thread has at most about two rows per bucket whatever
-- the capture's length. An interval counts when it overlaps the window, and is cut at the window and the
-- recording's start. In thread and time order.
-- @param from_ns BIGINT window start on the capture clock, inclusive; buckets count from it
-- @param to_ns BIGINT window end, exclusive
-- @param bucket_ns BIGINT bucket width, e.g. the nanoseconds a pixel covers; at least 1
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @param start_ns BIGINT the recording's start: no interval starts before it
-- @param limit BIGINT rows to return at most
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column comm VARCHAR the thread's comm at that time
-- @column state VARCHAR running, runnable, S, D, I (idle), or the kernel's state number; for a bucket the one it spent the most time in
-- @column start_ns BIGINT interval start (cut to the window), or the bucket's start
-- @column dur_ns BIGINT interval length, or the bucket's width (cut to the window)
-- @column intervals BIGINT 1 for an interval; for a bucket, the intervals that started in it
-- @column state_ns BIGINT the interval's length; for a bucket, the time of its intervals in its state
WITH iv AS (
    SELECT * FROM thread_intervals($pids, $comm, $tids)
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
