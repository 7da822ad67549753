-- irq_histogram: hardirqs -d and softirqs -d, a log2 histogram of handler run times per hard IRQ handler
-- name (as BCC keys them) or per softirq vector (in vector order, named as BCC names them).
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes run over to keep; empty keeps all
-- @param comm VARCHAR a comm or process name run over to keep (comm_matches), exact or a glob; null keeps all
-- @param cpu INTEGER only this CPU's runs; null keeps all
-- @param group_by VARCHAR 'hardirq' or 'softirq': which handlers
-- @param unit_ns BIGINT ns per unit: 1000 for usecs
-- @column group_key VARCHAR the hard IRQ handler's name, or the softirq vector number
-- @column group_name VARCHAR the softirq vector's name, lowercase; else empty
-- @column bucket INTEGER log2 bucket of the value in units: 0 holds 0 and 1, i holds 2^i to 2^(i+1)-1
-- @column count BIGINT values in the bucket
-- @column total BIGINT values in the group
-- @column p50_ns DOUBLE median of the group, ns (interpolated)
-- @column p99_ns DOUBLE 99th percentile, ns
-- @column p999_ns DOUBLE 99.9th percentile, ns
-- @column max_ns BIGINT largest value, ns
WITH runs AS (
    SELECT ts, cpu, pid, comm, name AS group_key, NULL::VARCHAR AS group_name, dur_ns FROM hardirq WHERE $group_by = 'hardirq'
    UNION ALL
    SELECT ts, cpu, pid, comm, vec::VARCHAR, lower(name), dur_ns FROM softirq WHERE $group_by = 'softirq'
), v AS (
    SELECT group_key, group_name, ts, dur_ns AS value_ns
    FROM runs
    WHERE ts >= $from_ns AND ts < $to_ns
      AND ($cpu IS NULL OR cpu = $cpu)
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
)
SELECT * FROM log2_histogram('v', $group_by, $unit_ns);
