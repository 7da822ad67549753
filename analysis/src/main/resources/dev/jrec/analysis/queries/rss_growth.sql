-- rss_growth: resident memory per process over the window, from its rss rows: first and last seen, its peak and
-- when, and how much it grew; the processes that grew most first, which is where a leak or a runaway cache shows
-- before the OOM killer picks someone.
-- @report rss 185
-- @source mem
-- @shape table
-- @help Resident memory per process: first, peak and last in the window (MiB), growth, and when it peaked; most growth first.
-- @nothing rss changes
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: PEAK(s) counts from it
-- @column pid INTEGER process
-- @column comm VARCHAR its name: its main thread's comm at its last row (after an exec, the new one), else the process view's
-- @column first_mb DECIMAL(18,1) resident memory at its first row in the window, MiB
-- @column peak_mb DECIMAL(18,1) the most it held, MiB
-- @column last_mb DECIMAL(18,1) at its last row, MiB
-- @column growth_mb DECIMAL(18,1) last - first, MiB
-- @column peak_s DECIMAL(18,3) when it peaked, seconds since the recording started
-- @column anon_mb DECIMAL(18,1) anonymous memory at the peak, MiB
-- @column swap_mb DECIMAL(18,1) swapped out at its last row, MiB
SELECT r.pid, coalesce(arg_max(r.comm, r.ts) FILTER (WHERE r.tid = r.pid), any_value(p.name), arg_max(r.comm, r.ts)) AS comm, (arg_min(r.rss_bytes, r.ts) / 1048576)::DECIMAL(18,1) AS first_mb,
       (max(r.rss_bytes) / 1048576)::DECIMAL(18,1) AS peak_mb, (arg_max(r.rss_bytes, r.ts) / 1048576)::DECIMAL(18,1) AS last_mb,
       ((arg_max(r.rss_bytes, r.ts) - arg_min(r.rss_bytes, r.ts)) / 1048576)::DECIMAL(18,1) AS growth_mb,
       ((arg_max(r.ts, r.rss_bytes) - $start_ns) / 1e9)::DECIMAL(18,3) AS peak_s,
       (arg_max(r.rss_anon, r.rss_bytes) / 1048576)::DECIMAL(18,1) AS anon_mb, (arg_max(r.swap, r.ts) / 1048576)::DECIMAL(18,1) AS swap_mb
FROM rss r
LEFT JOIN process p ON p.pid = r.pid
WHERE r.ts >= $from_ns AND r.ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, r.pid))
  AND comm_matches(r.pid, r.comm, $comm)
GROUP BY r.pid
ORDER BY growth_mb DESC, peak_mb DESC, r.pid;
