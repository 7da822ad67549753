-- wakeup_stacks: who woke blocked threads, the input of BCC's wakeuptime -f style folded stacks: the waker's
-- comm, its stack when it woke the thread (offcpu waker_stack_id) and the woken thread's comm, weighted by the
-- microseconds the woken thread had been blocked. -p and --comm select the woken thread, as in BCC. The waker is
-- named by the thread table, else as [tid N]; [unknown] when the capture does not say who woke it.
-- @report wakeuptime 130
-- @source offcpu
-- @shape stacks
-- @help Who woke blocked threads, as folded lines, waker;root;...;leaf;woken
-- @help MICROSECONDS, like BCC's wakeuptime -f: the waker's stack at the wakeup,
-- @help weighted by the time the woken thread had been blocked. -p/--comm select
-- @help the woken thread.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes of woken threads to keep; empty keeps all
-- @param comm VARCHAR comm of woken threads to keep, exact or a glob; null keeps all
-- @column comm VARCHAR the waker's comm: the stack's first (root) frame
-- @column stack_id BIGINT the waker's stack; null when none was recorded
-- @column leaf VARCHAR the woken thread's comm, shown after the waker's leaf frame
-- @column weight BIGINT microseconds the woken thread was blocked
SELECT CASE WHEN o.waker_tid IS NULL THEN '[unknown]' ELSE coalesce(t.comm, '[tid ' || o.waker_tid || ']') END AS comm,
       o.waker_stack_id AS stack_id, o.comm AS leaf, (sum(o.dur_ns) // 1000)::BIGINT AS weight
FROM offcpu o LEFT JOIN thread t ON t.tid = o.waker_tid
WHERE o.dur_ns IS NOT NULL AND o.ts >= $from_ns AND o.ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, o.pid))
  AND comm_matches(o.pid, o.comm, $comm)
GROUP BY ALL
ORDER BY weight DESC, comm, stack_id, leaf;
