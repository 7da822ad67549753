-- tcplife: each TCP connection that closed, as BCC's tcplife lists them at their close: the owner (the process
-- that connected or accepted it), both ends, kilobytes sent and received over its life, and its lifetime in ms
-- (from connect, or from the server's SYN_RECV, to CLOSE). KB as tcplife counts them: the kernel's bytes_acked and
-- bytes_received / 1024, rounded down. Connections whose start the capture did not see are left out, as
-- tcplife leaves them out.
-- @report tcplife 220
-- @source net
-- @shape table
-- @help Each TCP connection closed: process, local and remote address and port, KB sent and received, lifetime in ms, like BCC's tcplife.
-- @param from_ns BIGINT window start on the capture clock, inclusive (of the close)
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) close, seconds since the recording started
-- @column pid INTEGER the connection's owner
-- @column comm VARCHAR its comm
-- @column laddr VARCHAR local address
-- @column lport INTEGER local port
-- @column raddr VARCHAR remote address
-- @column rport INTEGER remote port
-- @column tx_kb BIGINT KB sent and acknowledged
-- @column rx_kb BIGINT KB received
-- @column ms DECIMAL(18,2) lifetime, ms
SELECT ((s.ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, coalesce(s.pid, o.pid) AS pid, coalesce(s.comm, o.comm) AS comm,
       s.saddr AS laddr, s.sport AS lport, s.daddr AS raddr, s.dport AS rport,
       s.tx_bytes // 1024 AS tx_kb, s.rx_bytes // 1024 AS rx_kb, (s.lifetime_ns / 1e6)::DECIMAL(18,2) AS ms
FROM tcp_state s
LEFT JOIN tcp_owner o ON o.conn_id = s.conn_id
WHERE s.tcp_state = 'CLOSE' AND s.lifetime_ns IS NOT NULL
  AND s.ts >= $from_ns AND s.ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, coalesce(s.pid, o.pid)))
  AND comm_matches(coalesce(s.pid, o.pid), coalesce(s.comm, o.comm), $comm)
ORDER BY s.ts;
