-- trace_threads: names for the threads and processes a timeline shows: every thread that made a syscall or a
-- block I/O request in the window (what trace_thread_slices lists), named by its last comm in the window (else
-- the thread table's), and its process by the process view (else the main thread's comm).
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column thread_name VARCHAR the thread's comm
-- @column process_name VARCHAR the process's name
WITH seen AS (
    SELECT pid, tid, comm, ts FROM syscall WHERE ts >= $from_ns AND ts < $to_ns
    UNION ALL SELECT pid, tid, comm, ts FROM block_rq_complete WHERE ts >= $from_ns AND ts < $to_ns
), t AS (
    SELECT pid, tid, arg_max(comm, ts) AS comm FROM seen
    WHERE pid IS NOT NULL AND tid IS NOT NULL
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
    GROUP BY pid, tid
)
SELECT t.pid, t.tid, coalesce(t.comm, th.comm) AS thread_name,
       coalesce(pr.name, max(t.comm) FILTER (WHERE t.tid = t.pid) OVER (PARTITION BY t.pid), t.comm) AS process_name
FROM t LEFT JOIN thread th USING (tid) LEFT JOIN process pr ON pr.pid = t.pid
ORDER BY t.pid, t.tid;
