-- timeline_thread_calls: the probed calls of each thread (uprobe_call: --uprobe, --uretprobe, --usdt) in a time
-- window, at a level of detail, for the strip a timeline draws along its thread lanes. A call timed to its return at
-- least a bucket long comes as it is, entry to return, with its arguments and result; shorter ones, and the calls
-- and USDT firings that are instants, are summed per thread and bucket, each counted in the bucket it started in. A
-- call counts when it overlaps the window. Buckets without calls have no row. By thread and time.
-- @param from_ns BIGINT window start on the capture clock, inclusive; buckets count from it
-- @param to_ns BIGINT window end, exclusive
-- @param bucket_ns BIGINT bucket width, e.g. the nanoseconds a pixel covers; at least 1
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @column tid INTEGER the calling thread
-- @column start_ns BIGINT the call's entry, or the bucket's start
-- @column dur_ns BIGINT the call's length (0 for an instant), or the bucket's width
-- @column busy_ns BIGINT time in timed calls: the call's, or the sum of the bucket's
-- @column calls BIGINT calls: the row's weight (1, or --uprobe-sample's N), or the sum of the bucket's
-- @column top VARCHAR the call as func(args, "string") = result; for a bucket of several, its most frequent function
WITH c AS (
    SELECT tid, start_ts, coalesce(dur_ns, 0) AS dur_ns, weight, func,
           func || '(' || concat_ws(', ', nullif(array_to_string(args, ', '), ''), '"' || arg_str || '"') || ')'
               || coalesce(' = ' || ret, '') AS what
    FROM uprobe_call
    WHERE start_ts < $to_ns AND ts >= $from_ns
      AND (len($tids) = 0 OR list_contains($tids, tid)) AND (len($pids) = 0 OR list_contains($pids, pid)) AND comm_matches(pid, comm, $comm)
)
SELECT tid, start_ts AS start_ns, dur_ns, dur_ns AS busy_ns, weight::BIGINT AS calls, what AS top
FROM c WHERE dur_ns >= $bucket_ns
UNION ALL
SELECT tid, $from_ns + (greatest(start_ts, $from_ns) - $from_ns) // $bucket_ns * $bucket_ns, $bucket_ns, sum(dur_ns)::BIGINT,
       sum(weight)::BIGINT, CASE WHEN count(*) = 1 THEN any_value(what) ELSE mode(func) END
FROM c WHERE dur_ns < $bucket_ns
GROUP BY tid, 2
ORDER BY tid, start_ns;
