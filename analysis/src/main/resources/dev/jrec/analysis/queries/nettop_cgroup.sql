-- nettop_cgroup: TCP bytes per cgroup per interval (nettop --per-cgroup): nettop's per-process rows summed per
-- container, pod or service, by the cgroup the thread table gives the thread that moved the bytes. Which tenant of
-- a host was using the network.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param interval_ns BIGINT the report's interval, ns; 0 for one row per cgroup over the window
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,3) the interval's start, seconds since the recording started
-- @column cgroup VARCHAR cgroup path of the threads that moved the bytes ('?' for threads the thread table lacks)
-- @column label VARCHAR its container or pod, where the path names one (cgroup_label)
-- @column procs BIGINT processes that moved data
-- @column conns BIGINT connections they moved data through
-- @column tx_kb BIGINT KiB sent
-- @column rx_kb BIGINT KiB received
SELECT ((CASE WHEN $interval_ns > 0 THEN (b.ts - $start_ns) // $interval_ns * $interval_ns ELSE 0 END) / 1e9)::DECIMAL(18,3) AS time_s,
       coalesce(t.cgroup, '?') AS cgroup, coalesce(cgroup_label(t.cgroup), '') AS label, count(DISTINCT b.pid) AS procs,
       count(DISTINCT b.conn_id) AS conns, (sum(b.tx_bytes) // 1024)::BIGINT AS tx_kb, (sum(b.rx_bytes) // 1024)::BIGINT AS rx_kb
FROM tcp_bytes b
LEFT JOIN thread t ON t.tid = b.tid
WHERE b.ts >= $from_ns AND b.ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, b.pid))
  AND comm_matches(b.pid, b.comm, $comm)
GROUP BY 1, 2, 3
ORDER BY 1, sum(b.tx_bytes) + sum(b.rx_bytes) DESC, cgroup;
