-- softirqs: time in each softirq vector, as BCC's softirqs sums it, in vector order (hi, timer, net_tx,
-- net_rx, block, irq_poll, tasklet, sched, hrtimer, rcu), named as BCC names them; or runs instead of time.
-- The sum is of the exact durations, then floored to the unit (BCC floors each run first).
-- @report softirqs 150
-- @source irq
-- @shape table
-- @help Softirq time per vector, as BCC's softirqs prints it (-C runs instead of time, -N nanoseconds, -d a histogram per vector); -p/--comm select the task the softirqs ran over (ksoftirqd's own when deferred to it).
-- @options SoftirqsView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes run over to keep; empty keeps all
-- @param comm VARCHAR a comm or process name run over to keep (comm_matches), exact or a glob; null keeps all
-- @param cpu INTEGER only this CPU's softirqs; null keeps all
-- @param counts BOOLEAN count handler runs instead of summing their time
-- @param unit_ns BIGINT ns per unit of the total: 1000 for usecs, 1 for nsecs
-- @column softirq VARCHAR vector name, lowercase as BCC prints it
-- @column total BIGINT time in the vector's handlers, in units (or runs, with counts)
SELECT lower(arg_max(name, ts)) AS softirq,
       CASE WHEN $counts THEN count(*) ELSE sum(dur_ns) // $unit_ns END::BIGINT AS total
FROM softirq
WHERE ts >= $from_ns AND ts < $to_ns
  AND ($cpu IS NULL OR cpu = $cpu)
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY vec
ORDER BY vec;
