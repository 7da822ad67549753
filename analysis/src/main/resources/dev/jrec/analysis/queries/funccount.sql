-- funccount: calls per probed function (or USDT probe), the most called first, as BCC's funccount counts
-- them; with --uprobe-sample N each recorded call counts N.
-- @report funccount 300
-- @source uprobe
-- @shape table
-- @help Calls per probed function or USDT probe, like BCC's funccount (-P per process); a sampled probe's calls count N each.
-- @options FunccountView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param limit BIGINT rows to return
-- @column func VARCHAR the function or USDT probe
-- @column count BIGINT calls (weighted by sampling)
-- @column probe VARCHAR the probe, as bpftrace names it
SELECT func, sum(weight)::BIGINT AS count, probe
FROM uprobe_call
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY func, probe
ORDER BY count DESC, func
LIMIT $limit;
