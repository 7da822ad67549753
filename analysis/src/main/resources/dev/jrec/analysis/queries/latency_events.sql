-- latency_events: the events behind one bucket of a latency histogram (runqlat, cpudist, biolatency, syslat,
-- funclatency), so a
-- workbench user who clicks a bar sees which waits, slices, requests or calls are in it. Subjects, filters, groups
-- and the bucket formula are those of the histogram queries, so the rows listed for a bucket are exactly the ones
-- it counts. Each row is an interval, start_ns to start_ns + dur_ns, for a jump to the timeline. Longest first.
-- @param analysis VARCHAR runqlat, cpudist, biolatency, syslat or funclatency
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param disk VARCHAR device name to keep (biolatency); null keeps all
-- @param syscall VARCHAR syscall name (syslat)
-- @param func VARCHAR the function's name, or a glob over its probe's (funclatency)
-- @param group_by VARCHAR the histogram's grouping: '', 'pid', 'cpu', 'disk' or 'flags'
-- @param group_key VARCHAR the group the bucket belongs to; ignored when group_by is ''
-- @param unit_ns BIGINT ns per unit of the histogram: 1000 for usecs
-- @param bucket INTEGER the log2 bucket: 0 holds 0 and 1 units, i holds 2^i to 2^(i+1)-1
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @param limit BIGINT rows to return
-- @column time_s DECIMAL(18,6) when the interval ended, seconds since the recording started
-- @column start_ns BIGINT when the interval started, on the capture clock
-- @column dur_ns BIGINT the latency the histogram counts
-- @column cpu INTEGER CPU (null for block I/O)
-- @column pid INTEGER the subject's process
-- @column tid INTEGER the subject's thread
-- @column comm VARCHAR the subject's comm
-- @column detail VARCHAR what else the event says: who ran before, the disk and request, the call's result and arguments
WITH v AS (
    SELECT ts, next_runq_ns AS value_ns, cpu, next_pid AS pid, next_tid AS tid, next_comm AS comm,
           CASE $group_by WHEN 'pid' THEN next_pid::VARCHAR WHEN 'cpu' THEN cpu::VARCHAR ELSE '' END AS group_key,
           'switched in after ' || coalesce(prev_comm, '?') || ' (' || prev_tid || ')' AS detail
    FROM sched_switch
    WHERE $analysis = 'runqlat' AND next_runq_ns IS NOT NULL AND next_tid <> 0
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, next_pid))
      AND comm_matches(next_pid, next_comm, $comm)
    UNION ALL
    SELECT ts, prev_oncpu_ns, cpu, prev_pid, prev_tid, prev_comm,
           CASE $group_by WHEN 'pid' THEN prev_pid::VARCHAR WHEN 'cpu' THEN cpu::VARCHAR ELSE '' END,
           'switched out ' || CASE WHEN prev_state = 0 THEN 'preempted' WHEN prev_state & 1026 = 1026 THEN 'to I (idle)' WHEN prev_state & 2 <> 0 THEN 'to D'
                                   WHEN prev_state & 1 <> 0 THEN 'to S' ELSE 'in state ' || prev_state END
               || ' for ' || coalesce(next_comm, '?') || ' (' || next_tid || ')'
    FROM sched_switch
    WHERE $analysis = 'cpudist' AND prev_oncpu_ns IS NOT NULL AND prev_tid <> 0
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, prev_pid))
      AND comm_matches(prev_pid, prev_comm, $comm)
    UNION ALL
    SELECT ts, latency_ns, NULL, pid, tid, comm,
           CASE $group_by WHEN 'disk' THEN coalesce(disk, dev::VARCHAR) WHEN 'flags' THEN rwbs ELSE '' END,
           concat_ws(' ', coalesce(disk, dev::VARCHAR), rwbs, bytes || ' bytes at sector ' || sector)
    FROM block_rq_complete
    WHERE $analysis = 'biolatency' AND latency_ns IS NOT NULL
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
      AND ($disk IS NULL OR disk = $disk)
    UNION ALL
    SELECT ts, dur_ns, cpu, pid, tid, comm,
           CASE $group_by WHEN 'pid' THEN pid::VARCHAR ELSE '' END,
           concat_ws(' ', name || ' = ' || ret, path)
    FROM syscall
    WHERE $analysis = 'syslat' AND name = $syscall AND dur_ns IS NOT NULL
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
    UNION ALL
    SELECT ts, dur_ns, cpu, pid, tid, comm,
           CASE $group_by WHEN 'pid' THEN pid::VARCHAR ELSE '' END,
           concat_ws(' ', func || '(' || coalesce(array_to_string(args, ', '), '') || ') = ' || ret, arg_str)
    FROM uprobe_call
    WHERE $analysis = 'funclatency' AND kind = 'uretprobe' AND (func = $func OR probe GLOB $func)
      AND ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
)
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, ts - value_ns AS start_ns, value_ns AS dur_ns, cpu, pid, tid, comm, detail
FROM v
WHERE ($group_by = '' OR group_key = $group_key)
  AND log2_bucket(value_ns, $unit_ns) = $bucket
ORDER BY value_ns DESC, ts
LIMIT $limit;
