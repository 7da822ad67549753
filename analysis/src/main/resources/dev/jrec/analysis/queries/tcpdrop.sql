-- tcpdrop: each TCP packet the kernel dropped, as BCC's tcpdrop lists them: the owner of the socket it was for,
-- the packet's ends and flags, the socket's state, and (where tcpdrop prints a kernel stack) the kernel's drop
-- reason and the function that dropped it. QUEUE_PURGE drops, what a socket still held when it was freed (often
-- just the peer's FIN, unread), are left out unless asked for.
-- @report tcpdrop 240
-- @source net
-- @shape table
-- @help Each TCP packet dropped: time, process, IP version, source and destination, TCP state and flags, the kernel's drop reason and function, like BCC's tcpdrop.
-- @options TcpdropView
-- @param from_ns BIGINT window start on the capture clock, inclusive
-- @param to_ns BIGINT window end, exclusive
-- @param pids INTEGER[] processes to keep; empty keeps all
-- @param comm VARCHAR a thread comm or process name to keep (comm_matches), exact or a glob; null keeps all
-- @param start_ns BIGINT the recording's start: TIME(s) counts from it
-- @param purged BOOLEAN keep QUEUE_PURGE drops too
-- @column time_s DECIMAL(18,6) drop, seconds since the recording started
-- @column pid INTEGER owner of the socket it was for, when known
-- @column comm VARCHAR its comm
-- @column ip INTEGER 4 or 6
-- @column saddr VARCHAR the packet's source address
-- @column sport INTEGER its source port
-- @column daddr VARCHAR its destination address
-- @column dport INTEGER its destination port
-- @column state VARCHAR state of its socket; empty without one
-- @column flags VARCHAR its TCP flags, e.g. SYN, ACK|PSH
-- @column reason VARCHAR the kernel's drop reason
-- @column func VARCHAR kernel function that dropped it
SELECT ((d.ts - $start_ns) / 1e9)::DECIMAL(18,6) AS time_s, coalesce(d.pid, o.pid) AS pid, coalesce(d.comm, o.comm) AS comm,
       ip_version(d.saddr) AS ip, d.saddr, d.sport, d.daddr, d.dport, coalesce(d.tcp_state, '') AS state,
       tcp_flag_names(d.tcp_flags) AS flags, d.reason, d.func
FROM tcp_drop d
LEFT JOIN tcp_owner o ON o.conn_id = d.conn_id
WHERE d.ts >= $from_ns AND d.ts < $to_ns
  AND ($purged OR d.reason IS DISTINCT FROM 'QUEUE_PURGE')
  AND (len($pids) = 0 OR list_contains($pids, coalesce(d.pid, o.pid)))
  AND comm_matches(coalesce(d.pid, o.pid), coalesce(d.comm, o.comm), $comm)
ORDER BY d.ts;
