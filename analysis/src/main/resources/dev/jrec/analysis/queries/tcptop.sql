-- tcptop: TCP bytes per process and connection over the window, as BCC's tcptop sums them per interval: the local
-- and remote ends and the KiB each way, the busiest first.
-- @report tcptop 246
-- @source net
-- @shape table
-- @help TCP KiB received and sent per process and connection over the window, like BCC's tcptop, busiest first.
-- @nothing TCP traffic (tcp_bytes rows need kernel 6.4's sock_send_length tracepoints)
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column pid INTEGER process
-- @column comm VARCHAR its comm
-- @column laddr VARCHAR local address and port
-- @column raddr VARCHAR remote address and port
-- @column rx_kb BIGINT KiB received
-- @column tx_kb BIGINT KiB sent
SELECT pid, mode(comm) AS comm, any_value(saddr || ':' || sport) AS laddr, any_value(daddr || ':' || dport) AS raddr,
       (sum(rx_bytes) // 1024)::BIGINT AS rx_kb, (sum(tx_bytes) // 1024)::BIGINT AS tx_kb
FROM tcp_bytes
WHERE ts >= $from_ns AND ts < $to_ns
  AND (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm)
GROUP BY pid, conn_id
ORDER BY sum(rx_bytes) + sum(tx_bytes) DESC, pid, laddr;
