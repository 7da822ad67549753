-- exitsnoop: each process exit (each thread's with per_thread), like BCC's exitsnoop: its parent and age,
-- and how it ended: 0, "code N", or "signal N (NAME)". Parent and start come from the thread and process
-- tables, else from the fork or exec seen in the capture; AGE(s) is empty when neither is known.
-- @report exitsnoop 100
-- @source proc
-- @shape table
-- @help Each process exit: time, comm, pid, parent pid, thread, age and exit code or signal, like BCC's exitsnoop.
-- @options ExitsnoopView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param per_thread BOOLEAN every thread's exit, not only processes' (main thread) exits
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,3) exit, seconds since the recording started
-- @column pcomm VARCHAR comm of the exiting thread
-- @column pid INTEGER process
-- @column ppid INTEGER its parent, when known
-- @column tid INTEGER exiting thread
-- @column age_s DECIMAL(18,2) seconds since the thread started, when known
-- @column exit_code VARCHAR 0, code N, or signal N (NAME)
WITH forked AS (
    SELECT child_tid AS tid, arg_max(parent_pid, ts) AS ppid, max(ts) AS start_ts FROM proc_fork GROUP BY child_tid
), execed AS (
    SELECT pid, arg_max(ppid, ts) AS ppid FROM proc_exec GROUP BY pid
)
SELECT ((e.ts - $start_ns) / 1e9)::DECIMAL(18,3) AS time_s, e.comm AS pcomm, e.pid,
       coalesce(t.ppid, pr.ppid, CASE WHEN f.ppid <> e.pid THEN f.ppid END, x.ppid) AS ppid, e.tid,
       ((e.ts - coalesce(t.start_ts, f.start_ts, CASE WHEN e.tid = e.pid THEN pr.start_ts END)) / 1e9)::DECIMAL(18,2) AS age_s,
       CASE WHEN e.signal <> 0 THEN 'signal ' || e.signal || ' (' || coalesce(['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT',
                'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP',
                'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'][e.signal],
                CASE WHEN e.signal >= 34 THEN 'RTMIN+' || (e.signal - 34) ELSE '?' END) || ')' || CASE WHEN e.exit_code & 128 <> 0 THEN ', core dumped' ELSE '' END
            WHEN e.code <> 0 THEN 'code ' || e.code
            ELSE '0' END AS exit_code
FROM proc_exit e
LEFT JOIN thread t ON t.tid = e.tid
LEFT JOIN process pr ON pr.pid = e.pid
LEFT JOIN forked f ON f.tid = e.tid
LEFT JOIN execed x ON x.pid = e.pid
WHERE ($per_thread OR e.tid = e.pid)
  AND e.ts >= $from_ns AND e.ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, e.pid))
  AND comm_matches(e.pid, e.comm, $comm)
ORDER BY e.ts;
