-- tcpconnect: each active TCP connection attempt (connect(2) taking the socket into SYN_SENT), as BCC's
-- tcpconnect lists them: the connecting process, IP version, source and destination, destination port; and,
-- which BCC cannot say after the fact, how it ended: ESTABLISHED, or the state that refused it (a reset
-- received in SYN_SENT is REFUSED, a close without one TIMEOUT/ABORTED) when the capture saw it.
-- @report tcpconnect 200
-- @source net
-- @shape table
-- @help Each TCP connect: time, process, IP version, source and destination address, destination port and its outcome, like BCC's tcpconnect.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @column time_s DECIMAL(18,6) connect, seconds since the recording started
-- @column pid INTEGER connecting process
-- @column comm VARCHAR its comm
-- @column ip INTEGER 4 or 6 (an IPv4 peer of a dual-stack socket is 6, as ::ffff:a.b.c.d)
-- @column saddr VARCHAR source address
-- @column daddr VARCHAR destination address
-- @column dport INTEGER destination port
-- @column lat_ms DECIMAL(18,3) connect to ESTABLISHED, ms (BCC's tcpconnlat); null when it did not connect in the capture
-- @column result VARCHAR ESTABLISHED, REFUSED (a reset answered the SYN), FAILED (closed before it connected), or empty when the capture ended first
WITH c AS (
    SELECT * FROM tcp_state WHERE tcp_state = 'SYN_SENT' AND ts >= $from_ns AND ts < $to_ns
), next AS (
    SELECT c.conn_id, min(s.ts) FILTER (WHERE s.tcp_state = 'ESTABLISHED') AS est_ts,
           min(s.ts) FILTER (WHERE s.tcp_state = 'CLOSE') AS close_ts
    FROM c JOIN tcp_state s ON s.conn_id = c.conn_id AND s.ts > c.ts
    GROUP BY c.conn_id
), refused AS (
    SELECT DISTINCT r.conn_id FROM c JOIN tcp_receive_reset r ON r.conn_id = c.conn_id AND r.tcp_state = 'SYN_SENT'
)
SELECT ((c.ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, c.pid, c.comm, ip_version(c.daddr) AS ip, c.saddr, c.daddr, c.dport,
       ((n.est_ts - c.ts) / 1e6)::DECIMAL(18,3) AS lat_ms,
       CASE WHEN n.est_ts IS NOT NULL THEN 'ESTABLISHED' WHEN rf.conn_id IS NOT NULL THEN 'REFUSED'
            WHEN n.close_ts IS NOT NULL THEN 'FAILED' ELSE '' END AS result
FROM c
LEFT JOIN next n ON n.conn_id = c.conn_id
LEFT JOIN refused rf ON rf.conn_id = c.conn_id
WHERE (len($pids) = 0 OR list_contains($pids, c.pid))
  AND comm_matches(c.pid, c.comm, $comm)
ORDER BY c.ts;
