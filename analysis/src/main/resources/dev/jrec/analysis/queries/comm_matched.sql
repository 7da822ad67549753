-- comm_matched: what a comm filter keeps (comm_matches), for the workbench to say so next to the filter: the
-- processes whose name or any of whose threads' comms (in the thread table or a switch) match, most threads first.
-- @param comm VARCHAR the filter, exact or a glob
-- @column pid INTEGER process
-- @column name VARCHAR its name, as the process tables show it
-- @column threads BIGINT its threads the filter keeps
-- @column by_name BOOLEAN true when the process's own name matched (so all its threads are kept)
WITH threads AS (
    SELECT pid, tid, comm FROM thread
    UNION SELECT prev_pid, prev_tid, prev_comm FROM sched_switch WHERE prev_tid <> 0
)
SELECT t.pid, coalesce(p.name, arg_max(t.comm, t.tid)) AS name, count(DISTINCT t.tid) AS threads,
       coalesce(p.name GLOB $comm, false) AS by_name
FROM threads t LEFT JOIN process p USING (pid)
WHERE comm_matches(t.pid, t.comm, $comm)
GROUP BY t.pid, p.name
ORDER BY threads DESC, t.pid;
