-- net_summary: the TCP activity of the processes kept, for the overview: sockets (connections and listeners, one
-- per conn_id) that saw a state change in the window, connections opened (connect or accept), and the
-- retransmits, resets sent and received and packets dropped in it. One row; zeros without net events.
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep (by the socket's owner, tcp_owner for rows that name none); empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @column sockets BIGINT distinct sockets with a state change
-- @column connects BIGINT active opens: state changes into SYN_SENT
-- @column accepts BIGINT connections accepted
-- @column retransmits BIGINT segments retransmitted
-- @column resets_sent BIGINT resets sent
-- @column resets_received BIGINT resets received
-- @column drops BIGINT TCP packets dropped
WITH ev AS (
    SELECT r.kind, r.tcp_state, r.conn_id, coalesce(r.pid, o.pid) AS pid, coalesce(r.comm, o.comm) AS comm
    FROM capture_rows r LEFT JOIN tcp_owner o ON r.pid IS NULL AND o.conn_id = r.conn_id
    WHERE r.kind LIKE 'tcp\_%' ESCAPE '\' AND r.ts >= $from_ns AND r.ts < $to_ns
)
SELECT count(DISTINCT conn_id) FILTER (WHERE kind = 'tcp_state') AS sockets,
       count(*) FILTER (WHERE kind = 'tcp_state' AND tcp_state = 'SYN_SENT') AS connects,
       count(*) FILTER (WHERE kind = 'tcp_accept') AS accepts,
       count(*) FILTER (WHERE kind = 'tcp_retransmit') AS retransmits,
       count(*) FILTER (WHERE kind = 'tcp_send_reset') AS resets_sent,
       count(*) FILTER (WHERE kind = 'tcp_receive_reset') AS resets_received,
       count(*) FILTER (WHERE kind = 'tcp_drop') AS drops
FROM ev
WHERE (len($pids) = 0 OR list_contains($pids, pid))
  AND comm_matches(pid, comm, $comm);
