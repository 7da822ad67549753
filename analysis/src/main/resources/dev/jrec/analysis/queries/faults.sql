-- faults: page faults per process, minor and major, estimated from the sampled rows (each stands for weight
-- faults), with the time its major faults made it wait unknown (see offcputime for that): who was touching new
-- memory (minor: growth, or a fork's copy-on-write) and who was reading it back from disk (major: a cold start,
-- memory pressure evicting its file pages, swap).
-- @report faults 175
-- @source mem
-- @shape table
-- @help Page faults per process: minor and major, estimated from the samples (--fault-period), most first.
-- @nothing page faults
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column pid INTEGER process
-- @column comm VARCHAR its name: the comm of most of its main thread's faults, else the process view's
-- @column minor BIGINT minor faults, estimated: the sum of the samples' weights
-- @column major BIGINT major faults, estimated likewise (all of them unless --fault-period says otherwise)
-- @column samples BIGINT rows behind the estimates
SELECT f.pid, coalesce(mode(f.comm) FILTER (WHERE f.tid = f.pid), any_value(p.name), mode(f.comm)) AS comm, coalesce(sum(f.weight) FILTER (WHERE NOT f.major), 0)::BIGINT AS minor,
       coalesce(sum(f.weight) FILTER (WHERE f.major), 0)::BIGINT AS major, count(*) AS samples
FROM page_fault f
LEFT JOIN process p ON p.pid = f.pid
WHERE f.ts >= $from_ns AND f.ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, f.pid))
  AND comm_matches(f.pid, f.comm, $comm)
GROUP BY f.pid
ORDER BY sum(f.weight) DESC, f.pid;
