-- funccount_process: funccount per process and function (funccount -P).
-- @source uprobe
-- @shape table
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param limit BIGINT rows to return
-- @column pid INTEGER the calling process
-- @column comm VARCHAR its name (view process), else its threads' last comm
-- @column func VARCHAR the function or USDT probe
-- @column count BIGINT calls (weighted by sampling)
-- @column probe VARCHAR the probe, as bpftrace names it
WITH u AS (
    SELECT pid AS gpid, comm, ts, func, probe, weight
    FROM uprobe_call
    WHERE ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
)
SELECT u.gpid AS pid, coalesce(any_value(pr.name), arg_max(u.comm, u.ts)) AS comm,
       u.func, sum(u.weight)::BIGINT AS count, u.probe
FROM u LEFT JOIN process pr ON pr.pid = u.gpid
GROUP BY u.gpid, u.func, u.probe
ORDER BY count DESC, u.func
LIMIT $limit;
