-- oomkill: each OOM kill, as BCC's oomkill prints it: the task whose allocation ran the OOM killer (the
-- trigger), the victim it chose and its memory. The kernel sends the victim SIGKILL from the trigger's context
-- just before it marks it (__oom_kill_process), so the trigger is the sender of that signal (recorded by the
-- proc source: null when the recording's filters left it out, or the capture has no signal rows).
-- @report oomkill 190
-- @source proc
-- @shape table
-- @help Each OOM kill: time, the task whose allocation triggered it, the victim, its resident memory and oom_score_adj, like BCC's oomkill.
-- @nothing OOM kills
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep, as trigger or victim; empty keeps all
-- @param comm VARCHAR a trigger's or victim's comm or process name (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) when the victim was chosen, seconds since the recording started
-- @column tpid INTEGER the triggering process: its allocation found no memory
-- @column tcomm VARCHAR its comm
-- @column pid INTEGER the victim
-- @column comm VARCHAR the victim's comm (from the SIGKILL when the tracepoint has none, before 6.8)
-- @column rss_kb BIGINT the victim's resident memory when killed, KiB
-- @column oom_score_adj INTEGER the victim's oom_score_adj
WITH kills AS (
    SELECT * FROM oom_kill WHERE ts >= $from_ns AND ts < $to_ns
), sent AS (
    SELECT k.ts AS kill_ts, k.pid AS victim, arg_max(s.pid, s.ts) AS tpid, arg_max(s.comm, s.ts) AS tcomm,
           arg_max(s.target_comm, s.ts) AS vcomm
    FROM kills k
    JOIN signal s ON s.target_pid = k.pid AND s.signal = 9 AND s.ts <= k.ts AND s.ts >= k.ts - 10000000
    GROUP BY k.ts, k.pid
)
SELECT ((k.ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, s.tpid, s.tcomm, k.pid,
       coalesce(nullif(k.comm, ''), s.vcomm) AS comm, k.bytes // 1024 AS rss_kb, k.oom_score_adj
FROM kills k
LEFT JOIN sent s ON s.kill_ts = k.ts AND s.victim = k.pid
WHERE (len($pids) = 0 OR list_contains($pids, k.pid) OR list_contains($pids, s.tpid))
  AND (comm_matches(k.pid, k.comm, $comm) OR comm_matches(s.tpid, s.tcomm, $comm))
ORDER BY k.ts;
