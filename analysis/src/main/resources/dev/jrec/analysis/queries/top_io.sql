-- top_io: processes by block I/O they issued (completed requests), the most bytes first.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param disk VARCHAR device name to keep; null keeps all
-- @param limit BIGINT rows to return
-- @column pid INTEGER process that issued the requests
-- @column comm VARCHAR its comm (the process view's name when known)
-- @column io BIGINT requests completed
-- @column read_kb BIGINT KiB read
-- @column write_kb BIGINT KiB written
-- @column avg_ms DECIMAL(18,2) average latency, ms
WITH p AS (
    SELECT pid, arg_max(comm, ts) AS comm, count(*) AS io,
           coalesce(sum(bytes) FILTER (WHERE rwbs LIKE '%R%'), 0) AS read_b,
           coalesce(sum(bytes) FILTER (WHERE rwbs LIKE '%W%'), 0) AS write_b, avg(latency_ns) AS avg_ns
    FROM block_rq_complete
    WHERE ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
      AND ($disk IS NULL OR disk = $disk)
    GROUP BY pid
)
SELECT p.pid, coalesce(pr.name, p.comm) AS comm, p.io, (p.read_b // 1024)::BIGINT AS read_kb,
       (p.write_b // 1024)::BIGINT AS write_kb, (p.avg_ns / 1e6)::DECIMAL(18,2) AS avg_ms
FROM p LEFT JOIN process pr USING (pid)
ORDER BY p.read_b + p.write_b DESC, p.io DESC, p.pid
LIMIT $limit;
