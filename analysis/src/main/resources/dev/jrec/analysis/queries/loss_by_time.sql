-- loss_by_time: when events were lost. Each loss row covers an interval (it ends at ts, lasts dur_ns) in
-- which a source dropped events for a reason; no row means nothing was lost. Listed in time order.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param start_ns BIGINT the recording's start: FROM(s) and TO(s) count from it
-- @param limit BIGINT rows to return
-- @column from_s DECIMAL(18,3) interval start, seconds since the recording started
-- @column to_s DECIMAL(18,3) interval end
-- @column source VARCHAR source that lost events
-- @column reason VARCHAR why: ringbuf_full, map_full, ...; max_size, disk_full, write_failed for what the writer could not write
-- @column lost BIGINT events lost in the interval
SELECT ((ts - coalesce(dur_ns, 0) - $start_ns) / 1e9)::DECIMAL(18,3) AS from_s, ((ts - $start_ns) / 1e9)::DECIMAL(18,3) AS to_s,
       source, reason, lost
FROM loss
WHERE ts >= $from_ns AND ts - coalesce(dur_ns, 0) < $to_ns
ORDER BY ts, source, reason
LIMIT $limit;
