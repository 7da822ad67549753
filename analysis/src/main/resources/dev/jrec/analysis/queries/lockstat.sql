-- lockstat: kernel lock contention as perf lock contention prints it by default: per caller (the first
-- frame of the waiter's kernel stack outside the locking functions) and lock type, how many contentions,
-- their total, longest and average wait, the most total wait first. By lock (perf lock contention -l: the
-- lock's name where it has one, else its number in the recording) or by thread (-t) instead.
-- @report lockstat 260
-- @source lock
-- @shape table
-- @help Kernel lock contention like perf lock contention: contended, total/max/avg wait, type and caller, the most total wait first; --by lock (-l) per lock, --by task (-t) per thread.
-- @options LockstatView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] waiting processes to keep; empty keeps all
-- @param comm VARCHAR a waiting thread's comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param by VARCHAR caller, lock or task: what a row is
-- @param limit BIGINT rows to return
-- @column contended BIGINT contentions
-- @column total_wait_us DECIMAL(18,3) their waits summed, microseconds
-- @column max_wait_us DECIMAL(18,3) the longest, microseconds
-- @column avg_wait_us DECIMAL(18,3) the mean, microseconds
-- @column type VARCHAR lock type: spinlock, rwlock:R, mutex, rwsem:W, ...; by task: the types it waited on, comma-separated
-- @column caller VARCHAR by caller: function+0xoffset (unknown without a stack); by lock: the lock's name or lock #ID; by task: comm (tid)
WITH c AS (
    SELECT ts, dur_ns, lock_type,
           CASE $by WHEN 'lock' THEN 'lock ' || lock_id WHEN 'task' THEN 'task ' || tid ELSE coalesce(caller, 'unknown') END AS grp,
           CASE $by WHEN 'lock' THEN coalesce(lock_name, 'lock #' || lock_id) WHEN 'task' THEN comm || ' (' || tid || ')'
                    ELSE coalesce(caller, 'unknown') END AS label
    FROM lock_contention
    WHERE ts >= $from_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
)
SELECT count(*) AS contended,
       (sum(dur_ns) / 1e3)::DECIMAL(18,3) AS total_wait_us,
       (max(dur_ns) / 1e3)::DECIMAL(18,3) AS max_wait_us,
       (avg(dur_ns) / 1e3)::DECIMAL(18,3) AS avg_wait_us,
       string_agg(DISTINCT lock_type, ',' ORDER BY lock_type) AS type,
       arg_max(label, ts) AS caller
FROM c
GROUP BY grp, CASE WHEN $by = 'task' THEN '' ELSE lock_type END
ORDER BY sum(dur_ns) DESC, contended DESC, caller
LIMIT $limit;
