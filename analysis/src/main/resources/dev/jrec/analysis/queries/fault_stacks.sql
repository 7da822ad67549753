-- fault_stacks: page faults per comm and user stack, the input of a page fault flame graph (Brendan Gregg's
-- "memory flame graphs", perf record -e page-faults -g): the code that touched memory for the first time, or
-- touched memory that had to be read back. The weight is faults, estimated from the samples' weights.
-- @report faultstacks 180
-- @source mem
-- @shape stacks
-- @help Where page faults happened, as folded lines, comm;root;...;leaf FAULTS:
-- @help the code that grew a process's memory (minor faults) or had to wait
-- @help for it to be read back (major). -p/--comm select the faulting task.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column comm VARCHAR comm of the faulting task: the stack's first (root) frame
-- @column stack_id BIGINT its user stack; null when the sample has none
-- @column leaf VARCHAR a frame after the stack's leaf: [major] for major faults, null for minor ones
-- @column weight BIGINT faults, estimated
SELECT comm, stack_id, CASE WHEN major THEN '[major]' END AS leaf, sum(weight)::BIGINT AS weight
FROM page_fault
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY ALL
ORDER BY weight DESC, comm, stack_id;
