-- profile_stacks: on-CPU samples per task comm and stack, the input of BCC's profile -f style folded stacks
-- and flame graphs: the weight is the number of samples. A sample without a stack has a null stack_id.
-- @report profile 110
-- @source profile
-- @shape stacks
-- @help On-CPU stacks as folded lines, comm;root;...;leaf SAMPLES, like BCC's
-- @help profile -f: user frames, then kernel frames (marked _[k]); an unresolved
-- @help frame is [module+0xoffset]. Feed them to flamegraph.pl, or see 'jrec export
-- @help --as svg'. -p/--comm select the sampled task.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column comm VARCHAR comm of the task on CPU: the stack's first (root) frame
-- @column stack_id BIGINT its stack; null when the sample has none
-- @column leaf VARCHAR a frame after the stack's leaf; always null here
-- @column weight BIGINT samples
SELECT comm, stack_id, NULL::VARCHAR AS leaf, count(*) AS weight
FROM cpu_sample
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY ALL
ORDER BY weight DESC, comm, stack_id;
