-- futex_histogram: futexctn -d, a log2 histogram of futex wait times per process and futex word, as BCC's
-- futexctn prints one per lock. Waits that returned EAGAIN did not sleep and are left out.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] waiting processes to keep; empty keeps all
-- @param comm VARCHAR a waiting thread's comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param group_by VARCHAR 'futex': the label of the groups
-- @param unit_ns BIGINT ns per unit: 1000 for usecs
-- @column group_key VARCHAR the process and the word: PID 0xUADDR
-- @column group_name VARCHAR a waiting thread's comm (the latest)
-- @column bucket INTEGER log2 bucket of the value in units: 0 holds 0 and 1, i holds 2^i to 2^(i+1)-1
-- @column count BIGINT values in the bucket
-- @column total BIGINT values in the group
-- @column p50_ns DOUBLE median of the group, ns (interpolated)
-- @column p99_ns DOUBLE 99th percentile, ns
-- @column p999_ns DOUBLE 99.9th percentile, ns
-- @column max_ns BIGINT largest value, ns
WITH v AS (
    SELECT pid || ' 0x' || lower(hex(uaddr)) AS group_key, comm AS group_name, ts, dur_ns AS value_ns
    FROM futex_wait
    WHERE ts >= $from_ns AND ts < $to_ns AND ret <> -11
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
)
SELECT * FROM log2_histogram('v', $group_by, $unit_ns);
