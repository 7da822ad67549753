-- futexctn: user-space futex contention as BCC's futexctn sums it: per process, futex word and call site,
-- how many waits and how long, with the thread that most often woke them. A wait that returned EAGAIN did
-- not wait (the word had changed); it is counted apart and left out of the times. The call site is the first
-- frame of the waiter's user stack outside libc and the dynamic loader (pthread_cond_wait's caller, the
-- JVM's Parker::park), else the leaf; unknown without a stack.
-- @report futexctn 270
-- @source lock
-- @shape table
-- @help Futex waits per process, futex word and call site, like BCC's futexctn: waits, total/max/avg wait, timeouts, and the thread that woke them most; EAGAIN returns (no wait) counted apart; -d a log2 histogram of wait times per process and word.
-- @options FutexctnView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] waiting processes to keep; empty keeps all
-- @param comm VARCHAR a waiting thread's comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param limit BIGINT rows to return
-- @column pid INTEGER waiting process
-- @column comm VARCHAR the process's name (view process), else a waiting thread's comm
-- @column uaddr VARCHAR the futex word's address, hex
-- @column caller VARCHAR call site: first user frame outside libc and ld.so, function or module+0xoffset
-- @column waits BIGINT waits that slept (every ret but EAGAIN)
-- @column total_ms DECIMAL(18,3) their time, ms
-- @column max_us DECIMAL(18,3) the longest, microseconds
-- @column avg_us DECIMAL(18,3) the mean, microseconds
-- @column timeouts BIGINT waits that timed out (ETIMEDOUT)
-- @column no_wait BIGINT calls that returned EAGAIN: the word changed before they could sleep
-- @column waker VARCHAR the thread that woke these waits most often (the earliest of a tie), comm (tid); null when none is known
WITH w AS (
    SELECT * FROM futex_wait
    WHERE ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
), site AS (
    SELECT sf.stack_id,
           arg_min(coalesce(f.func, regexp_extract(f.module, '[^/]*$') || '+0x' || lower(hex(f.file_offset))), sf.depth)
               FILTER (WHERE NOT regexp_matches(coalesce(f.module, ''), '(^|/)(libc|libpthread|ld-linux[^/]*|ld)[.-]')) AS caller,
           arg_min(coalesce(f.func, regexp_extract(f.module, '[^/]*$') || '+0x' || lower(hex(f.file_offset))), sf.depth) AS leaf
    FROM stack_frame sf JOIN frame f USING (frame_id)
    WHERE sf.stack_id IN (SELECT DISTINCT stack_id FROM w WHERE stack_id IS NOT NULL)
    GROUP BY sf.stack_id
), named AS (
    SELECT w.*, coalesce(s.caller, s.leaf, 'unknown') AS site, k.waker_comm || ' (' || k.waker_tid || ')' AS waker
    FROM w LEFT JOIN site s USING (stack_id) LEFT JOIN futex_waker k ON k.tid = w.tid AND k.ts = w.ts
), wakers AS (
    SELECT pid, uaddr, site, first(waker ORDER BY n DESC, first_ts) AS waker
    FROM (SELECT pid, uaddr, site, waker, count(*) AS n, min(ts) AS first_ts FROM named WHERE waker IS NOT NULL GROUP BY ALL)
    GROUP BY ALL
)
SELECT n.pid, coalesce(any_value(pr.name), any_value(n.comm)) AS comm, '0x' || lower(hex(n.uaddr)) AS uaddr, n.site AS caller,
       count(*) FILTER (WHERE n.ret <> -11) AS waits,
       (coalesce(sum(n.dur_ns) FILTER (WHERE n.ret <> -11), 0) / 1e6)::DECIMAL(18,3) AS total_ms,
       (coalesce(max(n.dur_ns) FILTER (WHERE n.ret <> -11), 0) / 1e3)::DECIMAL(18,3) AS max_us,
       (coalesce(avg(n.dur_ns) FILTER (WHERE n.ret <> -11), 0) / 1e3)::DECIMAL(18,3) AS avg_us,
       count(*) FILTER (WHERE n.ret = -110) AS timeouts,
       count(*) FILTER (WHERE n.ret = -11) AS no_wait,
       any_value(k.waker) AS waker
FROM named n LEFT JOIN process pr USING (pid) LEFT JOIN wakers k ON k.pid = n.pid AND k.uaddr = n.uaddr AND k.site = n.site
GROUP BY n.pid, n.uaddr, n.site
ORDER BY sum(n.dur_ns) FILTER (WHERE n.ret <> -11) DESC NULLS LAST, n.pid, uaddr, caller
LIMIT $limit;
