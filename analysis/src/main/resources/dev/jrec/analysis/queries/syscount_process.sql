-- syscount_process: calls, failures and time in syscalls per process, like BCC's syscount -P. The comm is
-- the name the process view gives it, else the last comm its calls had.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param failed_only BOOLEAN count failed calls only (syscount -x)
-- @param by_time BOOLEAN order by total time instead of calls
-- @param limit BIGINT rows to return
-- @column pid INTEGER process
-- @column comm VARCHAR its comm
-- @column count BIGINT calls
-- @column errors BIGINT calls that failed
-- @column total_ms DECIMAL(18,3) time in the calls, ms
-- @column avg_us DECIMAL(18,3) average call, µs
-- @column max_us DECIMAL(18,3) longest call, µs
WITH p AS (
    SELECT pid, arg_max(comm, ts) AS comm, count(*) AS count, count(errno) AS errors,
           sum(dur_ns) AS total_ns, avg(dur_ns) AS avg_ns, max(dur_ns) AS max_ns
    FROM syscall
    WHERE ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
      AND (NOT $failed_only OR errno IS NOT NULL)
    GROUP BY pid
)
SELECT p.pid, coalesce(pr.name, p.comm) AS comm, p.count, p.errors, (p.total_ns / 1e6)::DECIMAL(18,3) AS total_ms,
       (p.avg_ns / 1e3)::DECIMAL(18,3) AS avg_us, (p.max_ns / 1e3)::DECIMAL(18,3) AS max_us
FROM p LEFT JOIN process pr USING (pid)
ORDER BY CASE WHEN $by_time THEN p.total_ns ELSE p.count END DESC, p.pid
LIMIT $limit;
