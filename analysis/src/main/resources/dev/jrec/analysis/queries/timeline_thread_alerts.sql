-- timeline_thread_alerts: what happened to each thread in a time window that a timeline marks on its lane as a
-- point: the signals it was sent (on the target's lane, told with the sender: who killed it; SIGCHLD left out, as
-- killsnoop leaves it), khungtaskd's hung-task reports of it, and its memory reclaim stalls (drawn at their start,
-- told with their length). Rare events: one row each, no level of detail. By thread and time.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @column cat VARCHAR signal, hung or reclaim
-- @column start_ns BIGINT when the signal was sent, the report came, or the reclaim began
-- @column dur_ns BIGINT a reclaim's stall; 0 for the others
-- @column tid INTEGER the thread it happened to
-- @column what VARCHAR the signal's name (KILL, TERM, ...); a reclaim's kind (direct or memcg); null for a report
-- @column who VARCHAR a signal's sender, comm (pid)
-- @column result VARCHAR a signal's result: delivered, ignored, ...
-- @column bytes BIGINT memory a reclaim freed
WITH a AS (
    SELECT 'signal' AS cat, ts AS start_ns, 0::BIGINT AS dur_ns, target_pid AS pid, target_tid AS tid, target_comm AS comm,
           signal_name(signal) AS what, comm || ' (' || pid || ')' AS who, result, NULL::BIGINT AS bytes
    FROM signal WHERE signal <> 17
    UNION ALL
    SELECT 'hung', ts, 0, pid, tid, comm, NULL, NULL, NULL, NULL FROM hung_task
    UNION ALL
    SELECT 'reclaim', start_ts, dur_ns, pid, tid, comm, CASE WHEN memcg THEN 'memcg' ELSE 'direct' END, NULL, NULL, reclaimed_bytes
    FROM reclaim
)
SELECT cat, start_ns, dur_ns, tid, what, who, result, bytes
FROM a
WHERE start_ns >= $from_ns AND start_ns < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
  AND (len($tids) = 0 OR list_contains($tids, tid))
ORDER BY tid, start_ns;
