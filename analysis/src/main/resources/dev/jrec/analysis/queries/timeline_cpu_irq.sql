-- timeline_cpu_irq: time each CPU spent in hard IRQ and softirq handlers in a time window, at a level of detail, for
-- the strip a timeline draws over its CPU lanes: how much of each pixel the CPU gave interrupts rather than what
-- ran. A handler run at least a bucket long (the nanoseconds a pixel covers) comes as it is; shorter ones are
-- summed per CPU and bucket, each counted in the bucket it started in. Buckets without handler time have no row.
-- By CPU and time.
-- @param from_ns BIGINT window start on the capture clock, inclusive; buckets count from it
-- @param to_ns BIGINT window end, exclusive
-- @param bucket_ns BIGINT bucket width, e.g. the nanoseconds a pixel covers; at least 1
-- @column cpu INTEGER CPU
-- @column start_ns BIGINT the run's start, or the bucket's
-- @column dur_ns BIGINT the run's length, or the bucket's width
-- @column hard_ns BIGINT time in hard IRQ handlers
-- @column soft_ns BIGINT time in softirq handlers
-- @column runs BIGINT handler runs: 1, or those that started in the bucket
-- @column top VARCHAR the handler (hard IRQs, by name) or vector (softirqs) with the most time
WITH runs AS (
    SELECT cpu, start_ts, dur_ns, dur_ns AS hard, 0 AS soft, name FROM hardirq WHERE start_ts >= $from_ns AND start_ts < $to_ns
    UNION ALL
    SELECT cpu, start_ts, dur_ns, 0, dur_ns, name FROM softirq WHERE start_ts >= $from_ns AND start_ts < $to_ns
)
SELECT cpu, start_ts AS start_ns, dur_ns, hard::BIGINT AS hard_ns, soft::BIGINT AS soft_ns, 1::BIGINT AS runs, name AS top
FROM runs WHERE dur_ns >= $bucket_ns
UNION ALL
SELECT cpu, $from_ns + (start_ts - $from_ns) // $bucket_ns * $bucket_ns, $bucket_ns, sum(hard)::BIGINT, sum(soft)::BIGINT, count(*),
       arg_max(name, dur_ns)
FROM runs WHERE dur_ns < $bucket_ns
GROUP BY cpu, 2
ORDER BY cpu, start_ns;
