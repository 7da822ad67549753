-- trace_thread_slices: syscalls and block I/O requests as slices of the thread that made them, for a timeline of
-- threads such as Perfetto's: a syscall from entry to exit, a request from issue to completion. A thread's
-- slices must nest (Chrome's trace format), and a request can outlive the syscall that issued it or overlap
-- others, so a request is marked nested only when it lies inside one of the thread's syscalls or between two,
-- overlapping no other request of the thread; the others belong on a track of their own (async). A slice counts
-- when it ends inside the window, and is cut at the window's start and the recording's. In time order, the longer
-- first of two that start together.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: no slice starts before it
-- @column cat VARCHAR syscall or block
-- @column name VARCHAR the syscall's name; for block I/O the operation and disk, e.g. W vda
-- @column start_ns BIGINT entry or issue, on the capture clock
-- @column dur_ns BIGINT time in the syscall, or issue to completion
-- @column pid INTEGER process
-- @column tid INTEGER thread
-- @column nested BOOLEAN true when the slice nests among the thread's other slices
-- @column ret BIGINT the syscall's return value
-- @column path VARCHAR the syscall's path argument
-- @column bytes BIGINT the request's size
-- @column sector BIGINT the request's first sector
WITH sc AS (
    SELECT coalesce(name, 'syscall ' || nr) AS name, greatest(start_ts, $from_ns, $start_ns) AS start_ns,
           ts - greatest(start_ts, $from_ns, $start_ns) AS dur_ns, ts AS end_ns, pid, tid, ret, path
    FROM syscall
    WHERE dur_ns IS NOT NULL AND ts >= $from_ns AND ts < $to_ns AND ts > $start_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
), rq AS (
    SELECT concat_ws(' ', coalesce(rwbs, '?'), disk) AS name, greatest(ts - latency_ns, $from_ns, $start_ns) AS start_ns, ts AS end_ns,
           pid, tid, bytes, sector
    FROM block_rq_complete
    WHERE latency_ns IS NOT NULL AND tid IS NOT NULL AND ts >= $from_ns AND ts < $to_ns AND ts > $start_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
), io AS (
    SELECT *, end_ns - start_ns AS dur_ns,
           coalesce(max(end_ns) OVER (PARTITION BY tid ORDER BY start_ns, end_ns DESC
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) > start_ns, false)
           OR coalesce(lead(start_ns) OVER (PARTITION BY tid ORDER BY start_ns, end_ns DESC) < end_ns, false) AS overlaps
    FROM rq
), io_nested AS (
    SELECT io.*, NOT io.overlaps
                 AND (p.end_ns >= io.end_ns
                      OR (coalesce(p.end_ns <= io.start_ns, true) AND coalesce(n.start_ns >= io.end_ns, true))) AS nested
    FROM io
    ASOF LEFT JOIN sc p ON io.tid = p.tid AND io.start_ns >= p.start_ns
    ASOF LEFT JOIN sc n ON io.tid = n.tid AND io.start_ns < n.start_ns
)
SELECT 'syscall' AS cat, name, start_ns, dur_ns, pid, tid, true AS nested, ret, path, NULL::BIGINT AS bytes, NULL::BIGINT AS sector
FROM sc
UNION ALL
SELECT 'block', name, start_ns, dur_ns, pid, tid, coalesce(nested, false), NULL, NULL, bytes, sector
FROM io_nested
ORDER BY start_ns, dur_ns DESC, tid, cat DESC;
