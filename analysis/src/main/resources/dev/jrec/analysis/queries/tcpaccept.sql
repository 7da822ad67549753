-- tcpaccept: each TCP connection a process accepted (accept or accept4 returning it), as BCC's tcpaccept
-- lists them: the accepting process, IP version, the client's address and port, the local address and port.
-- @report tcpaccept 210
-- @source net
-- @shape table
-- @help Each accepted TCP connection: time, process, IP version, remote address and port, local address and port, like BCC's tcpaccept.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) accept, seconds since the recording started
-- @column pid INTEGER accepting process
-- @column comm VARCHAR its comm
-- @column ip INTEGER 4 or 6
-- @column raddr VARCHAR the client's address
-- @column rport INTEGER the client's port
-- @column laddr VARCHAR local address
-- @column lport INTEGER local (listening) port
SELECT ((ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, pid, comm, ip_version(daddr) AS ip,
       daddr AS raddr, dport AS rport, saddr AS laddr, sport AS lport
FROM tcp_accept
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
ORDER BY ts;
