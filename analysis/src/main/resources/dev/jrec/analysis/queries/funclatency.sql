-- funclatency: the time in one probed function, entry to return, as a log2 histogram like BCC's
-- funclatency (its calls recorded with --uretprobe, paired in the kernel).
-- @report funclatency 310
-- @source uprobe
-- @shape histogram
-- @help Time in one function (recorded with --uretprobe), entry to return, as BCC's funclatency prints it (-P per process).
-- @options FunclatencyView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param func VARCHAR the function's name (malloc), or a glob over the probe's name (*libssl*:SSL_write)
-- @param group_by VARCHAR '' for one histogram, 'pid' per process
-- @param unit_ns BIGINT ns per unit: 1 for nsecs, 1000 for usecs
-- @column group_key VARCHAR the group: a pid; empty when not grouped
-- @column group_name VARCHAR for a pid, the process's name (view process), else its last comm; else empty
-- @column bucket INTEGER log2 bucket of the value in units: 0 holds 0 and 1, i holds 2^i to 2^(i+1)-1
-- @column count BIGINT values in the bucket
-- @column total BIGINT values in the group
-- @column p50_ns DOUBLE median of the group, ns (interpolated)
-- @column p99_ns DOUBLE 99th percentile, ns
-- @column p999_ns DOUBLE 99.9th percentile, ns
-- @column max_ns BIGINT largest value, ns
WITH v AS (
    SELECT CASE $group_by WHEN 'pid' THEN pid::VARCHAR ELSE '' END AS group_key,
           CASE WHEN $group_by = 'pid' THEN comm END AS group_name, ts, dur_ns AS value_ns
    FROM uprobe_call
    WHERE kind = 'uretprobe' AND (func = $func OR probe GLOB $func)
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
)
SELECT * FROM log2_histogram('v', $group_by, $unit_ns);
