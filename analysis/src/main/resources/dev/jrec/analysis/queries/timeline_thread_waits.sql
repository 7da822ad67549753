-- timeline_thread_waits: the time each thread waited for a lock in a time window, at a level of detail, for the strip
-- a timeline draws over its thread lanes: kernel locks (lock_contention) and futexes (futex_wait, but a call that
-- found the word changed and did not wait: EAGAIN). A wait at least a bucket long comes as it is, with what it
-- waited for and, for a futex wait that was woken, who woke it (futex_waker); shorter ones are summed per thread and
-- bucket, each counted in the bucket it started in. A wait counts when it overlaps the window: one that began
-- before it (a thread blocked in a join for seconds) comes as it is. Buckets without waits have no row. By thread
-- and time.
-- @param from_ns BIGINT window start on the capture clock, inclusive; buckets count from it
-- @param to_ns BIGINT window end, exclusive
-- @param bucket_ns BIGINT bucket width, e.g. the nanoseconds a pixel covers; at least 1
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @column tid INTEGER the waiting thread
-- @column start_ns BIGINT the wait's start, or the bucket's
-- @column dur_ns BIGINT the wait's length, or the bucket's width
-- @column lock_ns BIGINT time waiting for kernel locks
-- @column futex_ns BIGINT time waiting on futexes
-- @column waits BIGINT waits: 1, or those that started in the bucket
-- @column top VARCHAR what it waited for the longest: a kernel lock (its name, or its type and the function that took it) or a futex word (futex 0x...); for a lone futex wait, who woke it
WITH w AS (
    SELECT tid, start_ts, dur_ns, dur_ns AS lk, 0 AS fx,
           coalesce(lock_name, lock_type || coalesce(' in ' || caller_func, '')) AS what
    FROM lock_contention
    WHERE start_ts < $to_ns AND ts > $from_ns
      AND (len($tids) = 0 OR list_contains($tids, tid)) AND (len($pids) = 0 OR list_contains($pids, pid)) AND comm_matches(pid, comm, $comm)
    UNION ALL
    SELECT f.tid, f.start_ts, f.dur_ns, 0, f.dur_ns,
           'futex ' || printf('0x%x', f.uaddr) || coalesce(', woken by ' || k.waker_comm || ' (' || k.waker_tid || ')', '')
    FROM futex_wait f LEFT JOIN futex_waker k ON k.tid = f.tid AND k.ts = f.ts
    WHERE f.ret <> -11 AND f.start_ts < $to_ns AND f.ts > $from_ns
      AND (len($tids) = 0 OR list_contains($tids, f.tid)) AND (len($pids) = 0 OR list_contains($pids, f.pid))
      AND comm_matches(f.pid, f.comm, $comm)
)
SELECT tid, start_ts AS start_ns, dur_ns, lk::BIGINT AS lock_ns, fx::BIGINT AS futex_ns, 1::BIGINT AS waits, what AS top
FROM w WHERE dur_ns >= $bucket_ns
UNION ALL
SELECT tid, $from_ns + (greatest(start_ts, $from_ns) - $from_ns) // $bucket_ns * $bucket_ns, $bucket_ns, sum(lk)::BIGINT, sum(fx)::BIGINT, count(*),
       arg_max(regexp_replace(what, ', woken by .*', ''), dur_ns)
FROM w WHERE dur_ns < $bucket_ns
GROUP BY tid, 2
ORDER BY tid, start_ns;
