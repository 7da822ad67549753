-- cpudist: on-CPU time, how long a task ran each time before it was switched out, as BCC's cpudist shows
-- it. The subject is the task switched out; the idle task (tid 0) is left out.
-- @report cpudist 20
-- @source sched
-- @shape histogram
-- @help On-CPU time: how long tasks ran each time before they were switched out (sched_switch prev_oncpu_ns), as BCC's cpudist prints it.
-- @nothing on-CPU intervals
-- @options PerProcessOrCpuView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param group_by VARCHAR '' for one histogram, 'pid' per process, 'cpu' per CPU, 'cgroup' per cgroup (of the thread table)
-- @param unit_ns BIGINT ns per unit: 1000 for usecs
-- @column group_key VARCHAR the group: a pid, CPU or cgroup path ('?' for threads the thread table lacks); empty when not grouped
-- @column group_name VARCHAR for a pid, the process's name (view process), else its last comm; for a cgroup, its container or pod (cgroup_label); else empty
-- @column bucket INTEGER log2 bucket of the value in units: 0 holds 0 and 1, i holds 2^i to 2^(i+1)-1
-- @column count BIGINT values in the bucket
-- @column total BIGINT values in the group
-- @column p50_ns DOUBLE median of the group, ns (interpolated)
-- @column p99_ns DOUBLE 99th percentile, ns
-- @column p999_ns DOUBLE 99.9th percentile, ns
-- @column max_ns BIGINT largest value, ns
WITH v AS (
    SELECT CASE $group_by WHEN 'pid' THEN prev_pid::VARCHAR WHEN 'cpu' THEN cpu::VARCHAR
                WHEN 'cgroup' THEN coalesce(t.cgroup, '?') ELSE '' END AS group_key,
           CASE $group_by WHEN 'pid' THEN prev_comm WHEN 'cgroup' THEN cgroup_label(t.cgroup) END AS group_name, s.ts, prev_oncpu_ns AS value_ns
    FROM sched_switch s
    LEFT JOIN thread t ON $group_by = 'cgroup' AND t.tid = s.prev_tid
    WHERE prev_oncpu_ns IS NOT NULL AND prev_tid <> 0
      AND s.ts >= $from_ns AND s.ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, prev_pid))
      AND comm_matches(prev_pid, prev_comm, $comm)
)
SELECT * FROM log2_histogram('v', $group_by, $unit_ns);
