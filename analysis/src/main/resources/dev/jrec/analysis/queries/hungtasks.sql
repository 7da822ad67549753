-- hungtasks: the tasks the kernel reported hung (khungtaskd: in D, not run for kernel.hung_task_timeout_secs),
-- one row per task: when first and last reported, how many times, and the longest it was seen stuck in the
-- capture (last report - first report + the timeout is at least that). The kernel prints the same reports as
-- "INFO: task NAME:PID blocked for more than N seconds".
-- @report hungtasks 108
-- @source proc
-- @shape table
-- @help Tasks the kernel reported hung (in D longer than kernel.hung_task_timeout_secs): first and last report and how many.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column first_s DECIMAL(18,3) first report, seconds since the recording started
-- @column last_s DECIMAL(18,3) last report
-- @column pid INTEGER process
-- @column tid INTEGER the hung thread
-- @column comm VARCHAR its comm
-- @column reports BIGINT reports of it
SELECT ((min(ts) - $start_ns) / 1e9)::DECIMAL(18,3) AS first_s, ((max(ts) - $start_ns) / 1e9)::DECIMAL(18,3) AS last_s,
       pid, tid, comm, count(*) AS reports
FROM hung_task
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY pid, tid, comm
ORDER BY min(ts);
