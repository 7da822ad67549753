-- offcpu_stacks: time threads spent blocked per comm and the stack they blocked in, the input of BCC's
-- offcputime -f style folded stacks and off-CPU flame graphs: the weight is microseconds off CPU (the sum of
-- dur_ns, divided by 1000). An interval counts when it ends inside the window.
-- @report offcputime 120
-- @source offcpu
-- @shape stacks
-- @help Where threads blocked, as folded lines, comm;root;...;leaf MICROSECONDS,
-- @help like BCC's offcputime -f: each stack weighted by the time spent off CPU in
-- @help it. -p/--comm select the blocked thread.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column comm VARCHAR comm of the blocked thread: the stack's first (root) frame
-- @column stack_id BIGINT the stack it blocked in; null when none was recorded
-- @column leaf VARCHAR a frame after the stack's leaf; always null here
-- @column weight BIGINT microseconds off CPU
SELECT comm, stack_id, NULL::VARCHAR AS leaf, (sum(dur_ns) // 1000)::BIGINT AS weight
FROM offcpu
WHERE dur_ns IS NOT NULL AND ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY ALL
ORDER BY weight DESC, comm, stack_id;
