-- runqlen: run-queue length per CPU, weighted by time, like BCC's runqlen -C but exact rather than sampled:
-- each wait of a task switched in (sched_switch next_runq_ns) counts on the CPU that ran it, from its wakeup or
-- preemption to its switch-in, cut to the window; a task still waiting when the recording ended is not seen.
-- The window is cut to the recording (from start_ns to the last switch). The idle task (tid 0) is left out.
-- @report runqlen 25
-- @source sched
-- @shape table
-- @help Run-queue length per CPU over time: how long each CPU had 0, 1, 2, ... tasks waiting runnable (from their wakeup or preemption to their switch-in), like BCC's runqlen -C, measured instead of sampled. -p/--comm select the tasks that waited.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT recording start on the capture clock
-- @column cpu INTEGER CPU
-- @column runqlen INTEGER tasks waiting runnable on it, the one running not counted
-- @column time_ms DOUBLE time it had that many waiting, ms
-- @column percent DOUBLE share of the window, %
WITH span AS (
    SELECT greatest($from_ns, $start_ns) AS lo, least($to_ns, (SELECT max(ts) FROM sched_switch)) AS hi
), waits AS (
    SELECT cpu, greatest(ts - next_runq_ns, lo) AS s, least(ts, hi) AS e
    FROM sched_switch, span
    WHERE next_runq_ns IS NOT NULL AND next_tid <> 0
      AND ts > lo AND ts - next_runq_ns < hi
      AND (len($pids) = 0 OR list_contains($pids, next_pid))
      AND comm_matches(next_pid, next_comm, $comm)
), edges AS (
    SELECT cpu, s AS t, 1 AS d FROM waits WHERE e > s
    UNION ALL
    SELECT cpu, e, -1 FROM waits WHERE e > s
    UNION ALL
    SELECT DISTINCT cpu, lo, 0 FROM sched_switch, span WHERE ts > lo AND ts <= hi
), levels AS (
    SELECT cpu, sum(d) OVER w AS runqlen, lead(t, 1, (SELECT hi FROM span)) OVER w - t AS dur
    FROM edges
    WINDOW w AS (PARTITION BY cpu ORDER BY t, d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT cpu, runqlen::INTEGER AS runqlen, round(sum(dur) / 1e6, 3) AS time_ms,
       round(100 * sum(dur) / (SELECT hi - lo FROM span), 2) AS percent
FROM levels
GROUP BY cpu, runqlen
HAVING sum(dur) > 0
ORDER BY cpu, runqlen;
