-- timeline_thread_net: the TCP events of each thread in a time window, at a level of detail, for the markers of a
-- timeline's thread lanes. A row belongs to the socket's owner it names, or, when it names none (a state change in
-- softirq, a drop), to its connection's owner (tcp_owner); rows of no known owner have no lane and are left out. A
-- connection (one conn_id) is a slice on its owner's lane from its first row to its CLOSE, or to the recording's
-- end when it did not close in it: per thread and bucket (the nanoseconds a pixel covers), the longest connection
-- starting in the bucket comes as it is when it is at least a bucket long, and the others starting there as one row
-- with how many, from the first of them to the last one's end. Retransmits, resets sent, resets received and drops come as one row per thread, bucket and kind,
-- at its first event, with how many and the first one's details. So a thread has at most six rows per bucket
-- however many connections it had. A connection counts when it overlaps the window, cut to it and to the
-- recording's start. By thread and time.
-- @param from_ns BIGINT window start on the capture clock, inclusive; buckets count from it
-- @param to_ns BIGINT window end, exclusive
-- @param bucket_ns BIGINT bucket width, e.g. the nanoseconds a pixel covers; at least 1
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param tids INTEGER[] threads to keep; empty keeps all (a timeline asks for the lanes in sight)
-- @param start_ns BIGINT the recording's start: nothing starts before it
-- @param end_ns BIGINT the recording's end: a connection not closed by then lasts to it
-- @column cat VARCHAR connection, retransmit, reset_sent, reset_received or drop
-- @column start_ns BIGINT the connection's first row (cut to the window; for several, the first's), or the first event's time
-- @column dur_ns BIGINT a connection's time to its CLOSE (cut to the window; for several, to the last one's end); 0 for the other kinds
-- @column pid INTEGER the owner's process
-- @column tid INTEGER the owner's thread
-- @column events BIGINT 1, or for a row of a bucket the connections (or events of its kind) it stands for
-- @column saddr VARCHAR local address (tcp_drop: the packet's source); of the longest of several connections, of the first event
-- @column sport INTEGER local port
-- @column daddr VARCHAR remote address (tcp_drop: the packet's destination)
-- @column dport INTEGER remote port
-- @column tcp_state VARCHAR the socket's state then; for a connection the last one seen (CLOSE when it closed)
-- @column reason VARCHAR the kernel's reason of a drop or a reset sent
-- @column func VARCHAR the kernel function that dropped a packet
-- @column tcp_flags VARCHAR a dropped packet's TCP flags, or those of the segment a reset answered, as tcp_flag_names writes them
-- @column rx_bytes BIGINT a closed connection's bytes received (summed for a bucket)
-- @column tx_bytes BIGINT a closed connection's bytes sent and acknowledged (summed for a bucket)
-- @column lifetime_ns BIGINT a closed connection's lifetime as its CLOSE row gives it (of the longest of several)
-- @column listen BOOLEAN a listening socket rather than a connection
-- @column conn_id BIGINT the connection (the other kinds: their socket's, the first one's); null for several connections
WITH ev AS (
    SELECT r.kind, r.ts, coalesce(r.pid, o.pid) AS pid, coalesce(r.tid, o.tid) AS tid, coalesce(r.comm, o.comm) AS comm,
           r.saddr, r.sport, r.daddr, r.dport, r.tcp_state, r.reason, r.func, r.flags, r.rx_bytes, r.tx_bytes, r.dur_ns, r.conn_id
    FROM capture_rows r LEFT JOIN tcp_owner o ON r.pid IS NULL AND o.conn_id = r.conn_id
    WHERE r.kind LIKE 'tcp\_%' ESCAPE '\'
), life AS (
    SELECT conn_id, min(ts) AS first_ts, min(ts) FILTER (WHERE kind = 'tcp_state' AND tcp_state = 'CLOSE') AS close_ts,
           arg_max(saddr, ts) FILTER (WHERE kind <> 'tcp_drop') AS saddr, arg_max(sport, ts) FILTER (WHERE kind <> 'tcp_drop') AS sport,
           arg_max(daddr, ts) FILTER (WHERE kind <> 'tcp_drop') AS daddr, arg_max(dport, ts) FILTER (WHERE kind <> 'tcp_drop') AS dport,
           arg_max(tcp_state, ts) FILTER (WHERE kind = 'tcp_state') AS tcp_state, coalesce(bool_or(tcp_state = 'LISTEN'), false) AS listen,
           max(rx_bytes) AS rx_bytes, max(tx_bytes) AS tx_bytes,
           max(dur_ns) FILTER (WHERE kind = 'tcp_state' AND tcp_state = 'CLOSE') AS lifetime_ns
    FROM ev
    WHERE conn_id IS NOT NULL
    GROUP BY conn_id
), conn AS (
    SELECT l.*, o.pid, o.tid, greatest(l.first_ts, $from_ns, $start_ns) AS s,
           least(coalesce(l.close_ts, greatest($end_ns, l.first_ts)), $to_ns) AS e
    FROM life l JOIN tcp_owner o USING (conn_id)
    WHERE (len($pids) = 0 OR list_contains($pids, o.pid))
      AND comm_matches(o.pid, o.comm, $comm)
      AND (len($tids) = 0 OR list_contains($tids, o.tid))
), ranked AS (
    SELECT *, (s - $from_ns) // $bucket_ns AS b,
           row_number() OVER (PARTITION BY tid, (s - $from_ns) // $bucket_ns ORDER BY e - s DESC, conn_id) AS rk
    FROM conn
    WHERE first_ts < $to_ns AND coalesce(close_ts, greatest($end_ns, first_ts)) >= $from_ns AND e >= s
), pt AS (
    SELECT CASE kind WHEN 'tcp_retransmit' THEN 'retransmit' WHEN 'tcp_send_reset' THEN 'reset_sent'
                WHEN 'tcp_receive_reset' THEN 'reset_received' ELSE 'drop' END AS cat, *
    FROM ev
    WHERE kind IN ('tcp_retransmit', 'tcp_send_reset', 'tcp_receive_reset', 'tcp_drop') AND tid IS NOT NULL
      AND ts >= $from_ns AND ts >= $start_ns AND ts < $to_ns
      AND (len($pids) = 0 OR list_contains($pids, pid))
      AND comm_matches(pid, comm, $comm)
      AND (len($tids) = 0 OR list_contains($tids, tid))
)
SELECT 'connection' AS cat, s AS start_ns, e - s AS dur_ns, pid, tid, 1::BIGINT AS events, saddr, sport, daddr, dport, tcp_state,
       NULL::VARCHAR AS reason, NULL::VARCHAR AS func, NULL::VARCHAR AS tcp_flags, rx_bytes, tx_bytes, lifetime_ns, listen, conn_id
FROM ranked
WHERE rk = 1 AND e - s >= $bucket_ns
UNION ALL
SELECT 'connection', min(s), max(e) - min(s), any_value(pid), tid, count(*),
       arg_min_null(saddr, rk), arg_min_null(sport, rk), arg_min_null(daddr, rk), arg_min_null(dport, rk), arg_min_null(tcp_state, rk),
       NULL, NULL, NULL, sum(rx_bytes)::BIGINT, sum(tx_bytes)::BIGINT, arg_min_null(lifetime_ns, rk), bool_and(listen),
       CASE WHEN count(*) = 1 THEN any_value(conn_id) END
FROM ranked
WHERE NOT (rk = 1 AND e - s >= $bucket_ns)
GROUP BY tid, b
UNION ALL
SELECT cat, min(ts), 0, any_value(pid), tid, count(*), arg_min_null(saddr, ts), arg_min_null(sport, ts), arg_min_null(daddr, ts),
       arg_min_null(dport, ts), arg_min_null(tcp_state, ts), arg_min_null(reason, ts), arg_min_null(func, ts),
       tcp_flag_names(arg_min_null(flags, ts)),
       NULL, NULL, NULL, NULL, arg_min_null(conn_id, ts)
FROM pt
GROUP BY tid, (ts - $from_ns) // $bucket_ns, cat
ORDER BY tid, start_ns, cat;
