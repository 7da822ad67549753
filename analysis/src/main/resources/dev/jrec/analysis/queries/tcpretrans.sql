-- tcpretrans: each TCP segment retransmitted, as BCC's tcpretrans lists them: the socket's owner, both ends and
-- its state (SYN_SENT: a connect whose SYN went unanswered; ESTABLISHED: data lost or late).
-- @report tcpretrans 230
-- @source net
-- @shape table
-- @help Each TCP retransmit: time, process, IP version, local and remote address and port, TCP state, like BCC's tcpretrans.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) retransmit, seconds since the recording started
-- @column pid INTEGER the socket's owner, when known
-- @column comm VARCHAR its comm
-- @column ip INTEGER 4 or 6
-- @column laddr VARCHAR local address
-- @column lport INTEGER local port
-- @column raddr VARCHAR remote address
-- @column rport INTEGER remote port
-- @column state VARCHAR the socket's TCP state
SELECT ((r.ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, coalesce(r.pid, o.pid) AS pid, coalesce(r.comm, o.comm) AS comm,
       ip_version(r.daddr) AS ip, r.saddr AS laddr, r.sport AS lport, r.daddr AS raddr, r.dport AS rport, r.tcp_state AS state
FROM tcp_retransmit r
LEFT JOIN tcp_owner o ON o.conn_id = r.conn_id
WHERE r.ts >= $from_ns AND r.ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, coalesce(r.pid, o.pid)))
  AND comm_matches(coalesce(r.pid, o.pid), coalesce(r.comm, o.comm), $comm)
ORDER BY r.ts;
