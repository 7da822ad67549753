-- syscount_cgroup: calls, failures and time in syscalls per cgroup (of the thread table), syscount -P's per-process
-- counts summed per container, pod or service: which of a host's tenants was making the calls.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param failed_only BOOLEAN count failed calls only (syscount -x)
-- @param by_time BOOLEAN order by total time instead of calls
-- @param limit BIGINT rows to return
-- @column cgroup VARCHAR cgroup path of the calling threads ('?' for threads the thread table lacks)
-- @column label VARCHAR its container or pod, where the path names one (cgroup_label)
-- @column procs BIGINT processes that made calls
-- @column count BIGINT calls
-- @column errors BIGINT calls that failed
-- @column total_ms DECIMAL(18,3) time in the calls, ms
-- @column avg_us DECIMAL(18,3) average call, µs
-- @column max_us DECIMAL(18,3) longest call, µs
SELECT coalesce(t.cgroup, '?') AS cgroup, coalesce(cgroup_label(t.cgroup), '') AS label, count(DISTINCT s.pid) AS procs,
       count(*) AS count, count(s.errno) AS errors, (sum(s.dur_ns) / 1e6)::DECIMAL(18,3) AS total_ms,
       (avg(s.dur_ns) / 1e3)::DECIMAL(18,3) AS avg_us, (max(s.dur_ns) / 1e3)::DECIMAL(18,3) AS max_us
FROM syscall s
LEFT JOIN thread t ON t.tid = s.tid
WHERE s.ts >= $from_ns AND s.ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, s.pid))
  AND comm_matches(s.pid, s.comm, $comm)
  AND (NOT $failed_only OR s.errno IS NOT NULL)
GROUP BY 1, 2
ORDER BY CASE WHEN $by_time THEN sum(s.dur_ns) ELSE count(*) END DESC, cgroup
LIMIT $limit;
