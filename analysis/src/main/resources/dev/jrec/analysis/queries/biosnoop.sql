-- biosnoop: each completed block I/O request, as BCC's biosnoop lists them: when it completed, who issued
-- it, the disk, direction (R read, W write, D discard, else the first rwbs flag), sector, size, latency.
-- @report biosnoop 40
-- @source block
-- @shape table
-- @help Each completed block I/O request: completion time, issuing process, disk, direction, sector, bytes, latency, as BCC's biosnoop lists them.
-- @options BiosnoopView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param disk VARCHAR device name to keep; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) completion, seconds since the recording started
-- @column comm VARCHAR process that issued the request
-- @column pid INTEGER its pid
-- @column disk VARCHAR device name
-- @column t VARCHAR R, W, D, or the first rwbs flag
-- @column sector BIGINT first 512-byte sector
-- @column bytes BIGINT request size
-- @column lat_ms DECIMAL(18,3) issue to completion, ms
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, comm, pid, disk,
       CASE WHEN rwbs LIKE '%D%' THEN 'D' WHEN rwbs LIKE '%W%' THEN 'W' WHEN rwbs LIKE '%R%' THEN 'R'
            ELSE coalesce(left(rwbs, 1), '?') END AS t,
       sector, bytes, (latency_ns / 1e6)::DECIMAL(18,3) AS lat_ms
FROM block_rq_complete
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
  AND ($disk IS NULL OR disk = $disk)
ORDER BY ts;
