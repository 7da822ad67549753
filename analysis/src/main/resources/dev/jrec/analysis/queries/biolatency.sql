-- biolatency: block I/O latency, from issue to the device to completion, as BCC's biolatency shows it.
-- The subject is the process that issued the request. Per flags (-F), one histogram per rwbs string (R, W,
-- WS, FF, RA, ...), that is per set of flags, named as BCC names them (Read, Write, Sync-Write, PreFlush-Flush,
-- ReadAhead-Read, ...: macro bio_flags).
-- @report biolatency 30
-- @source block
-- @shape histogram
-- @help Block I/O latency from issue to completion, as BCC's biolatency prints it.
-- @nothing block I/O
-- @options BiolatencyView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param disk VARCHAR device name to keep, e.g. vda; null keeps all
-- @param group_by VARCHAR '' for one histogram, 'disk' per disk, 'flags' per rwbs flags
-- @param unit_ns BIGINT ns per unit: 1000 for usecs
-- @column group_key VARCHAR the group: a disk, or flags as the rwbs string; empty when not grouped
-- @column group_name VARCHAR for flags, their BCC name (Sync-Write, ...); else empty
-- @column bucket INTEGER log2 bucket of the value in units: 0 holds 0 and 1, i holds 2^i to 2^(i+1)-1
-- @column count BIGINT values in the bucket
-- @column total BIGINT values in the group
-- @column p50_ns DOUBLE median of the group, ns (interpolated)
-- @column p99_ns DOUBLE 99th percentile, ns
-- @column p999_ns DOUBLE 99.9th percentile, ns
-- @column max_ns BIGINT largest value, ns
WITH v AS (
    SELECT CASE $group_by WHEN 'disk' THEN coalesce(disk, dev::VARCHAR) WHEN 'flags' THEN rwbs ELSE '' END AS group_key,
           CASE WHEN $group_by = 'flags' THEN bio_flags(rwbs) END AS group_name, ts, latency_ns AS value_ns
    FROM block_rq_complete
    WHERE latency_ns IS NOT NULL
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
      AND ($disk IS NULL OR disk = $disk)
)
SELECT * FROM log2_histogram('v', $group_by, $unit_ns);
