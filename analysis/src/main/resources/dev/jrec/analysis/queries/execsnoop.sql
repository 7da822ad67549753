-- execsnoop: each successful exec, like BCC's execsnoop -t (the capture has no failed execs, so no RET).
-- ARGS is argv joined by spaces, possibly truncated; the executed file when argv is missing.
-- @report execsnoop 80
-- @source proc
-- @shape table
-- @help Each exec: time, comm, pid, parent pid and arguments, like BCC's execsnoop -t (failed execs are not recorded, so there is no RET).
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,3) exec, seconds since the recording started
-- @column pcomm VARCHAR comm after the exec
-- @column pid INTEGER process
-- @column ppid INTEGER its parent
-- @column args VARCHAR arguments
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,3) AS time_s, comm AS pcomm, pid, ppid,
       CASE WHEN len(argv) > 0 THEN array_to_string(argv, ' ') ELSE filename END AS args
FROM proc_exec
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
ORDER BY ts;
