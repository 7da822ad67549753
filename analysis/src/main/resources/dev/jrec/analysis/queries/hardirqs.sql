-- hardirqs: time in each hard IRQ handler, by handler name, as BCC's hardirqs sums it: the most time first
-- (or the most runs, like hardirqs -C). The sum is of the exact durations, then floored to the unit; BCC floors
-- each run to whole microseconds before adding, which makes a 0.9 us handler cost nothing.
-- @report hardirqs 140
-- @source irq
-- @shape table
-- @help Hard IRQ handler time per handler name, as BCC's hardirqs prints it (-C runs instead of time, -N nanoseconds, -d a histogram per handler); -p/--comm select the task the interrupts ran over.
-- @options HardirqsView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] interrupted processes to keep; empty keeps all
-- @param comm VARCHAR an interrupted thread's comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param cpu INTEGER only this CPU's interrupts; null keeps all
-- @param counts BOOLEAN count handler runs instead of summing their time
-- @param unit_ns BIGINT ns per unit of the total: 1000 for usecs, 1 for nsecs
-- @column hardirq VARCHAR handler name, as /proc/interrupts shows it
-- @column total BIGINT time in the handler, in units (or runs, with counts)
SELECT name AS hardirq,
       CASE WHEN $counts THEN count(*) ELSE sum(dur_ns) // $unit_ns END::BIGINT AS total
FROM hardirq
WHERE ts >= $from_ns AND ts < $to_ns
  AND ($cpu IS NULL OR cpu = $cpu)
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY name
ORDER BY total DESC, hardirq;
