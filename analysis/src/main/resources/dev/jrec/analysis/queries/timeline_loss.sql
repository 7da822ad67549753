-- timeline_loss: the time buckets in which the scheduler's events were incomplete: every bucket that a sched
-- loss interval overlaps, with the events lost in the intervals that overlap it (an interval's whole count goes
-- to each bucket it overlaps). Buckets count from $start_ns.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param start_ns BIGINT where bucket 0 starts (the window's start, at or after the recording's)
-- @param bucket_ns BIGINT bucket length, ns
-- @column bucket BIGINT bucket number: it starts at start_ns + bucket * bucket_ns
-- @column lost BIGINT events lost in loss intervals that overlap the bucket
WITH iv AS (
    SELECT greatest(ts - coalesce(dur_ns, 0), $from_ns, $start_ns) AS s, least(ts, $to_ns) AS e, lost
    FROM loss
    WHERE source = 'sched' AND ts >= $from_ns AND ts - coalesce(dur_ns, 0) < $to_ns
)
SELECT bucket, sum(lost)::BIGINT AS lost
FROM (SELECT lost, unnest(range((s - $start_ns) // $bucket_ns, (greatest(e - 1, s) - $start_ns) // $bucket_ns + 1)) AS bucket
      FROM iv WHERE e >= s)
GROUP BY bucket
ORDER BY bucket;
