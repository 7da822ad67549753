-- biotop: block I/O per process, disk and direction, the most bytes first, like BCC's biotop over the
-- whole window.
-- @report biotop 50
-- @source block
-- @shape table
-- @help Block I/O per process, disk and direction over the window, the most Kbytes first, like BCC's biotop.
-- @options BiotopView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param disk VARCHAR device name to keep; null keeps all
-- @param limit BIGINT rows to return
-- @column pid INTEGER process that issued the requests
-- @column comm VARCHAR its comm
-- @column t VARCHAR R, W, D, or the first rwbs flag
-- @column maj INTEGER device major number
-- @column min INTEGER device minor number
-- @column disk VARCHAR device name
-- @column io BIGINT requests completed
-- @column kbytes BIGINT their size, KiB
-- @column avg_ms DECIMAL(18,2) their average latency, ms
SELECT pid, comm,
       CASE WHEN rwbs LIKE '%D%' THEN 'D' WHEN rwbs LIKE '%W%' THEN 'W' WHEN rwbs LIKE '%R%' THEN 'R'
            ELSE coalesce(left(rwbs, 1), '?') END AS t,
       dev >> 20 AS maj, dev & 1048575 AS min, disk,
       count(*) AS io, (sum(bytes) // 1024)::BIGINT AS kbytes, (avg(latency_ns) / 1e6)::DECIMAL(18,2) AS avg_ms
FROM block_rq_complete
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
  AND ($disk IS NULL OR disk = $disk)
GROUP BY ALL
ORDER BY kbytes DESC, io DESC, pid
LIMIT $limit;
