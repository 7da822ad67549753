-- tcppeers: TCP per process and peer, the table a postmortem starts from: for each process, the endpoints it
-- connected to (IP:PORT) and the local ports it accepted on (clients of :PORT), with how many connections
-- there were, how many failed, and the retransmits, resets and drops on them, the KB they moved (tcplife's
-- counters, for those that closed) and their lifetimes. A connection counts in the window when any of its
-- rows is in it; troubled peers (failures, resets, drops, retransmits) first.
-- @report tcppeers 250
-- @source net
-- @shape table
-- @help TCP per process and peer (endpoints connected to, local ports accepted on): connections, failures, retransmits, resets, drops, KB sent and received, lifetimes.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column pid INTEGER the connections' owner, when known
-- @column comm VARCHAR its comm
-- @column peer VARCHAR IP:PORT connected to, or 'clients of :PORT' for connections accepted on a local port
-- @column conns BIGINT connections seen
-- @column failed BIGINT connects refused (a reset answered the SYN) or closed before they were established
-- @column retrans BIGINT segments retransmitted
-- @column rst_rx BIGINT resets received
-- @column rst_tx BIGINT resets sent
-- @column drops BIGINT packets dropped, but what sockets still held when freed (QUEUE_PURGE)
-- @column tx_kb BIGINT KB sent and acknowledged, by the connections that closed
-- @column rx_kb BIGINT KB received, by the connections that closed
-- @column avg_ms DECIMAL(18,2) mean lifetime of those that closed, ms
-- @column max_ms DECIMAL(18,2) longest lifetime, ms
WITH rows_ AS (
    SELECT 'state' AS k, ts, pid, comm, conn_id, saddr, sport, daddr, dport, old_tcp_state, tcp_state, tx_bytes, rx_bytes, lifetime_ns, NULL AS reason FROM tcp_state
    UNION ALL SELECT 'accept', ts, pid, comm, conn_id, saddr, sport, daddr, dport, NULL, tcp_state, NULL, NULL, NULL, NULL FROM tcp_accept
    UNION ALL SELECT 'retrans', ts, pid, comm, conn_id, saddr, sport, daddr, dport, NULL, tcp_state, NULL, NULL, NULL, NULL FROM tcp_retransmit
    UNION ALL SELECT 'rst_rx', ts, pid, comm, conn_id, saddr, sport, daddr, dport, NULL, tcp_state, NULL, NULL, NULL, NULL FROM tcp_receive_reset
    UNION ALL SELECT 'rst_tx', ts, pid, comm, conn_id, saddr, sport, daddr, dport, NULL, tcp_state, NULL, NULL, NULL, NULL FROM tcp_send_reset
    -- a dropped packet mostly came in: its source is the socket's peer (a time-wait socket has no other rows)
    UNION ALL SELECT 'drop', ts, pid, comm, conn_id, daddr, dport, saddr, sport, NULL, tcp_state, NULL, NULL, NULL, reason FROM tcp_drop
), conns AS (
    SELECT conn_id,
           bool_or(k = 'accept' OR tcp_state = 'SYN_RECV') AS passive,
           bool_or(k = 'state' AND tcp_state = 'LISTEN') AS listener,
           arg_min(daddr, ts) FILTER (WHERE daddr IS NOT NULL) AS daddr, arg_min(dport, ts) FILTER (WHERE dport IS NOT NULL) AS dport,
           max(sport) AS sport,
           bool_or(tcp_state = 'ESTABLISHED') AS established,
           bool_or(k = 'state' AND tcp_state = 'CLOSE') AS closed,
           count(*) FILTER (WHERE k = 'retrans') AS retrans, count(*) FILTER (WHERE k = 'rst_rx') AS rst_rx,
           count(*) FILTER (WHERE k = 'rst_tx') AS rst_tx,
           count(*) FILTER (WHERE k = 'drop' AND reason IS DISTINCT FROM 'QUEUE_PURGE') AS drops,
           max(tx_bytes) AS tx_bytes, max(rx_bytes) AS rx_bytes, max(lifetime_ns) AS lifetime_ns,
           bool_or(ts >= $from_ns AND ts < $to_ns) AS in_window
    FROM rows_ WHERE conn_id IS NOT NULL
    GROUP BY conn_id
), peers AS (
    SELECT o.pid, o.comm,
           CASE WHEN c.passive THEN 'clients of :' || c.sport
                WHEN c.daddr LIKE '%:%' THEN '[' || c.daddr || ']:' || c.dport ELSE c.daddr || ':' || c.dport END AS peer, c.*
    FROM conns c LEFT JOIN tcp_owner o ON o.conn_id = c.conn_id
    WHERE c.in_window AND NOT c.listener
      AND (len($pids) = 0 OR list_contains($pids, o.pid))
      AND comm_matches(o.pid, o.comm, $comm)
)
SELECT * FROM (
    SELECT pid, comm, peer, count(*) AS conns,
           count(*) FILTER (WHERE NOT passive AND NOT established AND (closed OR rst_rx > 0)) AS failed,
           sum(retrans)::BIGINT AS retrans, sum(rst_rx)::BIGINT AS rst_rx, sum(rst_tx)::BIGINT AS rst_tx, sum(drops)::BIGINT AS drops,
           (sum(tx_bytes) // 1024)::BIGINT AS tx_kb, (sum(rx_bytes) // 1024)::BIGINT AS rx_kb,
           (avg(lifetime_ns) / 1e6)::DECIMAL(18,2) AS avg_ms, (max(lifetime_ns) / 1e6)::DECIMAL(18,2) AS max_ms
    FROM peers
    GROUP BY pid, comm, peer
) t
ORDER BY failed + retrans + rst_rx + rst_tx + drops DESC, conns DESC, pid, peer;
