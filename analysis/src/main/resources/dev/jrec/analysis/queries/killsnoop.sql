-- killsnoop: each signal sent, as BCC's killsnoop lists kill(2) calls: the sender, the signal, the target and
-- the result; but from every sender, the kernel's too (a SIGSEGV, the OOM killer's SIGKILL), which is who killed
-- a process after the fact. SIGCHLD, sent to a parent at every child's exit, is left out unless asked for.
-- @report killsnoop 105
-- @source proc
-- @shape table
-- @help Each signal sent: time, sender, signal, target process and thread, result, like BCC's killsnoop (but every sender, not only kill(2) callers).
-- @options KillsnoopView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep, as sender or target; empty keeps all
-- @param comm VARCHAR a sender's or target's comm or process name (comm_matches), exact or a glob; null keeps all
-- @param sig INTEGER only this signal; null for all but SIGCHLD
-- @param sigchld BOOLEAN keep SIGCHLD too
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) when it was sent, seconds since the recording started
-- @column pid INTEGER sender's process
-- @column comm VARCHAR sender's comm
-- @column sig VARCHAR signal name (KILL, TERM, ...)
-- @column tpid INTEGER target process
-- @column tcomm VARCHAR target's comm
-- @column result VARCHAR delivered, ignored, already_pending, ...
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, pid, comm, signal_name(signal) AS sig, target_pid AS tpid,
       target_comm AS tcomm, result
FROM signal
WHERE ts >= $from_ns AND ts < $to_ns
  AND CASE WHEN $sig IS NOT NULL THEN signal = $sig ELSE $sigchld OR signal <> 17 END
  AND (len($pids) = 0 OR list_contains($pids, pid) OR list_contains($pids, target_pid))
  AND (comm_matches(pid, comm, $comm) OR comm_matches(target_pid, target_comm, $comm))
ORDER BY ts;
