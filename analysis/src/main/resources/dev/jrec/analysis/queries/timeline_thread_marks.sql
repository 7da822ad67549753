-- timeline_thread_marks: the syscalls and block I/O requests of each thread in a time window, at a level of
-- detail, for the markers of a timeline's thread lanes: a syscall at least a bucket long (the nanoseconds a pixel
-- covers) comes as it is, from entry to exit; shorter ones are summed per thread and bucket: one row for the
-- bucket with how many started in it, their time, and the most frequent syscall. Block requests, far fewer, all
-- come as they are, from issue to completion. So a thread has at most about two syscall rows per bucket whatever
-- the capture's length, and a timeline reads only the threads whose lanes are in sight. A call or request counts when it overlaps the window, and is cut at the window and the
-- recording's start. By thread and time.
-- @param from_ns BIGINT window start on the capture clock, inclusive; buckets count from it
-- @param to_ns BIGINT window end, exclusive
-- @param bucket_ns BIGINT bucket width, e.g. the nanoseconds a pixel covers; at least 1
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @param start_ns BIGINT the recording's start: nothing starts before it
-- @column cat VARCHAR syscall or block
-- @column name VARCHAR the syscall's name (a bucket's most frequent one); for block I/O the operation and disk, e.g. W vda
-- @column start_ns BIGINT entry or issue (cut to the window), or the bucket's start
-- @column dur_ns BIGINT time in the syscall, issue to completion, or the bucket's width (cut to the window)
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column calls BIGINT 1 for a call or request; for a bucket, the syscalls that started in it
-- @column busy_ns BIGINT the call's or request's time; for a bucket, the sum of its syscalls' times
-- @column ret BIGINT the syscall's return value; null for a bucket
-- @column path VARCHAR the syscall's path argument
-- @column bytes BIGINT the request's size
WITH sc AS (
    SELECT pid, tid, coalesce(name, 'syscall ' || nr) AS name, greatest(start_ts, $from_ns, $start_ns) AS s,
           least(ts, $to_ns) AS e, ret, path
    FROM syscall
    WHERE dur_ns IS NOT NULL AND ts > $from_ns AND ts > $start_ns AND start_ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
      AND (len($tids) = 0 OR list_contains($tids, tid))
), rq AS (
    SELECT concat_ws(' ', coalesce(rwbs, '?'), disk) AS name, greatest(ts - latency_ns, $from_ns, $start_ns) AS s,
           least(ts, $to_ns) AS e, pid, tid, bytes
    FROM block_rq_complete
    WHERE latency_ns IS NOT NULL AND tid IS NOT NULL AND ts > $from_ns AND ts > $start_ns AND ts - latency_ns < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
      AND (len($tids) = 0 OR list_contains($tids, tid))
), buckets AS (
    SELECT tid, (s - $from_ns) // $bucket_ns AS b, any_value(pid) AS pid, mode(name) AS name, count(*) AS calls,
           sum(e - s)::BIGINT AS busy_ns
    FROM sc
    WHERE e >= s AND e - s < $bucket_ns
    GROUP BY tid, b
)
SELECT 'syscall' AS cat, name, s AS start_ns, e - s AS dur_ns, pid, tid, 1::BIGINT AS calls, e - s AS busy_ns, ret, path,
       NULL::BIGINT AS bytes
FROM sc
WHERE e - s >= $bucket_ns
UNION ALL
SELECT 'syscall', name, $from_ns + b * $bucket_ns, least($bucket_ns, $to_ns - ($from_ns + b * $bucket_ns)), pid, tid, calls, busy_ns,
       NULL, NULL, NULL
FROM buckets
UNION ALL
SELECT 'block', name, s, e - s, pid, tid, 1, e - s, NULL, NULL, bytes
FROM rq
WHERE e >= s
ORDER BY tid, start_ns, cat DESC;
