-- timeline_threads: the threads a timeline has a lane for, in lane order: every thread that was switched in or out,
-- made a syscall, issued block I/O, owned a TCP socket (a net row naming it) or was an OOM kill's victim in the
-- window, with its last comm there, the time it ran, and its process's
-- total run time; processes that ran the most first, their threads together, then by tid. The idle task is left
-- out. Cheap next to the threads' states (thread_states), which a timeline loads for the lanes in sight only.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column comm VARCHAR the thread's last comm in the window
-- @column run_ns BIGINT time the thread ran (on-CPU time of its switches-out) in the window
-- @column process_run_ns BIGINT time all threads of its process ran in the window
-- @column events BIGINT its switches, syscalls, block requests, TCP rows and OOM kills in the window
-- @column process VARCHAR its process's name, as the process tables show it (the thread's comm when the thread table
-- does not know the process)
-- @column kernel BOOLEAN a kernel thread: kthreadd (pid 2) or a child of it, as the thread table says
WITH seen AS (
    SELECT prev_pid AS pid, prev_tid AS tid, prev_comm AS comm, ts, coalesce(prev_oncpu_ns, 0) AS run_ns FROM sched_switch
    WHERE prev_tid <> 0 AND ts >= $from_ns AND ts < $to_ns
    UNION ALL SELECT next_pid, next_tid, next_comm, ts, 0 FROM sched_switch WHERE next_tid <> 0 AND ts >= $from_ns AND ts < $to_ns
    UNION ALL SELECT pid, tid, comm, ts, 0 FROM syscall WHERE ts >= $from_ns AND ts < $to_ns
    UNION ALL SELECT pid, tid, comm, ts, 0 FROM block_rq_complete WHERE tid IS NOT NULL AND ts >= $from_ns AND ts < $to_ns
    UNION ALL SELECT pid, tid, comm, ts, 0 FROM capture_rows
    WHERE kind LIKE 'tcp\_%' ESCAPE '\' AND pid IS NOT NULL AND ts >= $from_ns AND ts < $to_ns
    UNION ALL SELECT pid, tid, nullif(comm, ''), ts, 0 FROM oom_kill WHERE ts >= $from_ns AND ts < $to_ns
    -- a victim's exit names it when the kill does not (kernels before 6.8)
    UNION ALL SELECT pid, tid, comm, ts, 0 FROM proc_exit WHERE tid IN (SELECT tid FROM oom_kill) AND ts >= $from_ns AND ts < $to_ns
), t AS (
    SELECT pid, tid, arg_max(comm, ts) AS comm, sum(run_ns)::BIGINT AS run_ns, count(*) AS events FROM seen
    WHERE pid IS NOT NULL AND tid IS NOT NULL
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
    GROUP BY pid, tid
)
SELECT pid, tid, comm, run_ns, (sum(run_ns) OVER (PARTITION BY pid))::BIGINT AS process_run_ns, events,
       coalesce(p.name, comm) AS process, coalesce(pid = 2 OR p.ppid = 2, false) AS kernel
FROM t LEFT JOIN process p USING (pid)
ORDER BY process_run_ns DESC, (sum(events) OVER (PARTITION BY pid)) DESC, pid, tid;
