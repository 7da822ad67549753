-- trace_cpu_slices: what ran on each CPU, one slice per on-CPU interval of a task (sched_switch prev_oncpu_ns,
-- which ends at the switch), for a timeline of CPUs such as Perfetto's. The idle task (pid 0) is left out. A
-- slice counts when it ends inside the window, and is cut at the window's start and the recording's. In time order.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: no slice starts before it
-- @column cpu INTEGER CPU it ran on
-- @column start_ns BIGINT when it was switched in, on the capture clock
-- @column dur_ns BIGINT how long it ran
-- @column pid INTEGER its process
-- @column tid INTEGER its thread
-- @column comm VARCHAR its comm
-- @column prio INTEGER its kernel priority
-- @column end_state BIGINT its state when switched out: 0 preempted, 1 S, 2 D, ...
SELECT cpu, greatest(ts - prev_oncpu_ns, $from_ns, $start_ns) AS start_ns, ts - greatest(ts - prev_oncpu_ns, $from_ns, $start_ns) AS dur_ns,
       prev_pid AS pid, prev_tid AS tid,
       prev_comm AS comm, prev_prio AS prio, prev_state AS end_state
FROM sched_switch
WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL
  AND ts >= $from_ns AND ts < $to_ns AND ts > $start_ns
  AND (len($pids) = 0 OR list_contains($pids, prev_pid))
  AND comm_matches(prev_pid, prev_comm, $comm)
ORDER BY start_ns, cpu;
