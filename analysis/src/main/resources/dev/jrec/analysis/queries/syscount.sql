-- syscount: calls, failures and time in each syscall, the most frequent first (or the most time, like
-- BCC's syscount -L). Failures are calls that returned an errno.
-- @report syscount 60
-- @source syscall
-- @shape table
-- @help Syscall counts, failures, and total, average and longest time per syscall (or per process with -P), like BCC's syscount.
-- @options SyscountView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param failed_only BOOLEAN count failed calls only (syscount -x)
-- @param by_time BOOLEAN order by total time instead of calls
-- @param limit BIGINT rows to return
-- @column syscall VARCHAR syscall name
-- @column count BIGINT calls
-- @column errors BIGINT calls that failed
-- @column total_ms DECIMAL(18,3) time in the calls, ms
-- @column avg_us DECIMAL(18,3) average call, µs
-- @column max_us DECIMAL(18,3) longest call, µs
SELECT name AS syscall, count(*) AS count, count(errno) AS errors,
       (sum(dur_ns) / 1e6)::DECIMAL(18,3) AS total_ms, (avg(dur_ns) / 1e3)::DECIMAL(18,3) AS avg_us,
       (max(dur_ns) / 1e3)::DECIMAL(18,3) AS max_us
FROM syscall
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
  AND (NOT $failed_only OR errno IS NOT NULL)
GROUP BY name
ORDER BY CASE WHEN $by_time THEN sum(dur_ns) ELSE count(*) END DESC, name
LIMIT $limit;
