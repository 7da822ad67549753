-- nettop: TCP bytes per process per interval, from the net source's tcp_bytes rows: what each process sent and
-- received, over how many connections. A row's bytes count in the interval its row ends in; rows of a busy socket
-- are --bytes-interval apart (1 s), so a finer -i smears them.
-- @report nettop 245
-- @source net
-- @shape table
-- @help TCP KiB sent and received per process per interval (-i, default 1s; 0 for the whole window), most first within each.
-- @options NettopView
-- @nothing TCP traffic (tcp_bytes rows need kernel 6.4's sock_send_length tracepoints)
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param interval_ns BIGINT the report's interval, ns; 0 for one row per process over the window
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,3) the interval's start, seconds since the recording started
-- @column pid INTEGER process
-- @column comm VARCHAR the comm of its rows (the most common)
-- @column conns BIGINT connections it moved data through
-- @column tx_kb BIGINT KiB it sent
-- @column rx_kb BIGINT KiB it received
SELECT ((CASE WHEN $interval_ns > 0 THEN (ts - $start_ns) // $interval_ns * $interval_ns ELSE 0 END) / 1e9)::DECIMAL(18,3) AS time_s,
       pid, mode(comm) AS comm, count(DISTINCT conn_id) AS conns, (sum(tx_bytes) // 1024)::BIGINT AS tx_kb,
       (sum(rx_bytes) // 1024)::BIGINT AS rx_kb
FROM tcp_bytes
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY 1, pid
ORDER BY 1, sum(tx_bytes) + sum(rx_bytes) DESC, pid;
