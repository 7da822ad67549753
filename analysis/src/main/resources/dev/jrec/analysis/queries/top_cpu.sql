-- top_cpu: processes by time on CPU, the sum of their threads' on-CPU intervals (sched_switch
-- prev_oncpu_ns, which ends at the switch). The idle task (pid 0) is left out.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR comm to keep, exact or a glob; null keeps all
-- @param limit BIGINT rows to return
-- @column pid INTEGER process
-- @column comm VARCHAR its comm (the process view's name when known)
-- @column threads BIGINT its threads that ran
-- @column switches BIGINT times its threads were switched out
-- @column oncpu_ms DECIMAL(18,3) time on CPU, ms
WITH p AS (
    SELECT prev_pid AS pid, arg_max(prev_comm, ts) AS comm, count(DISTINCT prev_tid) AS threads, count(*) AS switches,
           sum(prev_oncpu_ns) AS oncpu_ns
    FROM sched_switch
    WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, prev_pid))
      AND ($comm IS NULL OR prev_comm GLOB $comm)
    GROUP BY prev_pid
)
SELECT p.pid, coalesce(pr.name, p.comm) AS comm, p.threads, p.switches, (p.oncpu_ns / 1e6)::DECIMAL(18,3) AS oncpu_ms
FROM p LEFT JOIN process pr USING (pid)
ORDER BY p.oncpu_ns DESC, p.pid
LIMIT $limit;
