-- threadstates: where each thread's time in the window went, as Perfetto's thread-state aggregation: running,
-- waiting for a CPU, sleeping, blocked (usually I/O) and idle, from the scheduler's switches (thread_intervals).
-- Threads that ran, waited or blocked the most come first: the table that says why a thread was slow.
-- @report threadstates 15
-- @source sched
-- @shape table
-- @help Where each thread's time in the window went, in ms: running, runnable (waiting for a CPU), sleeping (S), blocked (D, usually I/O) and idle (I, kernel threads waiting for work), like Perfetto's thread-state aggregation; threads that ran, waited for a CPU or blocked the most first.
-- @options ThreadStatesView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: no interval starts before it
-- @param limit BIGINT rows to return at most
-- @column pid INTEGER process
-- @column process VARCHAR its name, as the process tables show it
-- @column tid INTEGER thread
-- @column comm VARCHAR the thread's latest comm in the window
-- @column running_ms DECIMAL(18,3) time on a CPU
-- @column runnable_ms DECIMAL(18,3) time waiting for a CPU (woken or preempted, not yet switched in)
-- @column sleeping_ms DECIMAL(18,3) time asleep in S (interruptible: a lock, a timer, a socket, a pipe)
-- @column blocked_ms DECIMAL(18,3) time blocked in D (uninterruptible: usually disk I/O or a kernel lock)
-- @column idle_ms DECIMAL(18,3) time in I (TASK_IDLE: a kernel thread waiting for work)
-- @column other_ms DECIMAL(18,3) time in another sleeping state (the kernel's number in thread_states)
-- @column runnable_pct DECIMAL(5,1) of the time it wanted a CPU (running + runnable), the share it waited for one
WITH iv AS (
    SELECT pid, tid, comm, state, greatest(s, $from_ns, $start_ns) AS s, least(e, $to_ns) AS e
    FROM thread_intervals($pids, $comm, [])
    WHERE e > $from_ns AND s < $to_ns
), per_thread AS (
    SELECT pid, tid, arg_max(comm, s) AS comm,
           sum(e - s) FILTER (WHERE state = 'running') AS running,
           sum(e - s) FILTER (WHERE state = 'runnable') AS runnable,
           sum(e - s) FILTER (WHERE state = 'S') AS sleeping,
           sum(e - s) FILTER (WHERE state = 'D') AS blocked,
           sum(e - s) FILTER (WHERE state = 'I') AS idle,
           sum(e - s) FILTER (WHERE state NOT IN ('running', 'runnable', 'S', 'D', 'I')) AS other
    FROM iv
    WHERE e > s
    GROUP BY pid, tid
)
SELECT t.pid, coalesce(p.name, t.comm) AS process, t.tid, t.comm,
       (coalesce(running, 0) / 1e6)::DECIMAL(18,3) AS running_ms,
       (coalesce(runnable, 0) / 1e6)::DECIMAL(18,3) AS runnable_ms,
       (coalesce(sleeping, 0) / 1e6)::DECIMAL(18,3) AS sleeping_ms,
       (coalesce(blocked, 0) / 1e6)::DECIMAL(18,3) AS blocked_ms,
       (coalesce(idle, 0) / 1e6)::DECIMAL(18,3) AS idle_ms,
       (coalesce(other, 0) / 1e6)::DECIMAL(18,3) AS other_ms,
       CASE WHEN coalesce(running, 0) + coalesce(runnable, 0) > 0
            THEN (100.0 * coalesce(runnable, 0) / (coalesce(running, 0) + coalesce(runnable, 0)))::DECIMAL(5,1) END AS runnable_pct
FROM per_thread t LEFT JOIN process p USING (pid)
ORDER BY coalesce(running, 0) + coalesce(runnable, 0) + coalesce(blocked, 0) DESC, t.tid
LIMIT $limit;
