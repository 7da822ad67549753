-- drsnoop: each time a task had to reclaim memory itself before its allocation could go on, as BCC's drsnoop
-- lists direct reclaims, and memory cgroup reclaims too (TYPE memcg: the task's cgroup was at its limit, the
-- stall a container sees long before an OOM kill): how long it stalled and how much it freed.
-- @report drsnoop 170
-- @source mem
-- @shape table
-- @help Each reclaim stall: time, process, stall in ms, memory freed, direct (the machine was short) or memcg (the cgroup's limit), like BCC's drsnoop.
-- @nothing reclaim
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) reclaim end, seconds since the recording started
-- @column comm VARCHAR comm of the stalled thread
-- @column pid INTEGER its process
-- @column tid INTEGER the stalled thread
-- @column lat_ms DECIMAL(18,3) time spent reclaiming, ms
-- @column freed_kb BIGINT memory it reclaimed, KiB
-- @column type VARCHAR direct or memcg
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, comm, pid, tid, (dur_ns / 1e6)::DECIMAL(18,3) AS lat_ms,
       reclaimed_bytes // 1024 AS freed_kb, CASE WHEN memcg THEN 'memcg' ELSE 'direct' END AS type
FROM reclaim
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
ORDER BY ts;
