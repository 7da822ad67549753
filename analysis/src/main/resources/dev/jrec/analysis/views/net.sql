-- net: TCP sockets: state changes, accepts, retransmits, resets and dropped packets (the net source).
-- A row's pid/tid/comm name the socket's owner when the recorder knew it (the task that connected, listened,
-- accepted or closed the socket), else are null; tcp_owner finds a socket's owner from its other rows.
-- Addresses are text as inet_ntop writes them; saddr/sport are the local end, daddr/dport the remote one
-- (tcp_drop: the packet's source and destination).

-- State changes (sock:inet_sock_set_state). Into CLOSE they carry the socket's byte counters and lifetime.
-- @column ts BIGINT time of the change
-- @column pid INTEGER owner's process, null when not known at the time
-- @column tid INTEGER owner's thread
-- @column comm VARCHAR owner's comm
-- @column cpu INTEGER CPU it happened on
-- @column saddr VARCHAR local address
-- @column sport INTEGER local port; 0 entering SYN_SENT (the port is picked just after)
-- @column daddr VARCHAR remote address
-- @column dport INTEGER remote port
-- @column old_tcp_state VARCHAR state left: ESTABLISHED, SYN_SENT, ..., CLOSE, LISTEN
-- @column tcp_state VARCHAR state entered
-- @column rx_bytes BIGINT into CLOSE: bytes received over its life (kernel bytes_received; a FIN counts 1)
-- @column tx_bytes BIGINT into CLOSE: bytes sent and acknowledged (kernel bytes_acked; SYN and FIN count 1 each)
-- @column lifetime_ns BIGINT into CLOSE: since its first state change below FIN_WAIT1 (connect or SYN_RECV), when seen
-- @column conn_id BIGINT the socket's life: the same on all its rows
CREATE OR REPLACE VIEW tcp_state AS
SELECT ts, pid, tid, comm, cpu, saddr, sport, daddr, dport, old_tcp_state, tcp_state, rx_bytes, tx_bytes,
       dur_ns AS lifetime_ns, conn_id
FROM capture_rows WHERE kind = 'tcp_state';

-- Connections accepted: accept or accept4 returning, in the acceptor's context.
-- @column ts BIGINT when accept returned
-- @column pid INTEGER the accepting process
-- @column tid INTEGER its thread
-- @column comm VARCHAR its comm
-- @column cpu INTEGER CPU
-- @column saddr VARCHAR local address (the listener's)
-- @column sport INTEGER local port (the listener's)
-- @column daddr VARCHAR the client's address
-- @column dport INTEGER the client's port
-- @column tcp_state VARCHAR the connection's state then, usually ESTABLISHED
-- @column conn_id BIGINT the connection's life
CREATE OR REPLACE VIEW tcp_accept AS
SELECT ts, pid, tid, comm, cpu, saddr, sport, daddr, dport, tcp_state, conn_id
FROM capture_rows WHERE kind = 'tcp_accept';

-- Segments retransmitted (tcp:tcp_retransmit_skb).
-- @column ts BIGINT retransmit time
-- @column pid INTEGER owner's process, null when not known
-- @column tid INTEGER owner's thread
-- @column comm VARCHAR owner's comm
-- @column cpu INTEGER CPU
-- @column saddr VARCHAR local address
-- @column sport INTEGER local port
-- @column daddr VARCHAR remote address
-- @column dport INTEGER remote port
-- @column tcp_state VARCHAR the socket's state: SYN_SENT for a SYN retransmitted, ESTABLISHED for data, ...
-- @column conn_id BIGINT the socket's life
CREATE OR REPLACE VIEW tcp_retransmit AS
SELECT ts, pid, tid, comm, cpu, saddr, sport, daddr, dport, tcp_state, conn_id
FROM capture_rows WHERE kind = 'tcp_retransmit';

-- Resets sent (tcp:tcp_send_reset). Without a socket (a segment for a port nothing listens on), the ends are
-- the reset's and tcp_flags those of the segment it answers.
-- @column ts BIGINT when it was sent
-- @column pid INTEGER owner's process, null when not known or no socket
-- @column tid INTEGER owner's thread
-- @column comm VARCHAR owner's comm
-- @column cpu INTEGER CPU
-- @column saddr VARCHAR local address (the reset's source)
-- @column sport INTEGER local port
-- @column daddr VARCHAR remote address
-- @column dport INTEGER remote port
-- @column tcp_state VARCHAR the socket's state; null without a socket
-- @column reason VARCHAR the kernel's reason (NOT_SPECIFIED, NO_SOCKET, TCP_ABORT_ON_CLOSE, ...); null before kernel 6.10
-- @column tcp_flags BIGINT without a socket: TCP flags of the segment answered
-- @column conn_id BIGINT the socket's life; null without a socket
CREATE OR REPLACE VIEW tcp_send_reset AS
SELECT ts, pid, tid, comm, cpu, saddr, sport, daddr, dport, tcp_state, reason, flags AS tcp_flags, conn_id
FROM capture_rows WHERE kind = 'tcp_send_reset';

-- Resets received (tcp:tcp_receive_reset): the peer aborted the connection or refused it.
-- @column ts BIGINT when it was received
-- @column pid INTEGER owner's process, null when not known
-- @column tid INTEGER owner's thread
-- @column comm VARCHAR owner's comm
-- @column cpu INTEGER CPU
-- @column saddr VARCHAR local address
-- @column sport INTEGER local port
-- @column daddr VARCHAR remote address (the peer that reset)
-- @column dport INTEGER remote port
-- @column tcp_state VARCHAR the socket's state: SYN_SENT for a refused connect
-- @column conn_id BIGINT the socket's life
CREATE OR REPLACE VIEW tcp_receive_reset AS
SELECT ts, pid, tid, comm, cpu, saddr, sport, daddr, dport, tcp_state, conn_id
FROM capture_rows WHERE kind = 'tcp_receive_reset';

-- TCP packets the kernel dropped (skb:kfree_skb), with its reason and the function that dropped them.
-- @column ts BIGINT drop time
-- @column pid INTEGER owner of the socket it was for, null when none or not known
-- @column tid INTEGER owner's thread
-- @column comm VARCHAR owner's comm
-- @column cpu INTEGER CPU
-- @column saddr VARCHAR the packet's source address
-- @column sport INTEGER its source port
-- @column daddr VARCHAR its destination address
-- @column dport INTEGER its destination port
-- @column tcp_state VARCHAR state of the socket it was for; null without one
-- @column tcp_flags BIGINT its TCP flags: 0x01 FIN, 0x02 SYN, 0x04 RST, 0x08 PSH, 0x10 ACK, ...
-- @column reason VARCHAR the kernel's drop reason: NO_SOCKET, TCP_CSUM, TCP_LISTEN_OVERFLOW, QUEUE_PURGE, ...
-- @column func VARCHAR kernel function that dropped it
-- @column conn_id BIGINT the socket's life; null without a socket
CREATE OR REPLACE VIEW tcp_drop AS
SELECT ts, pid, tid, comm, cpu, saddr, sport, daddr, dport, tcp_state, flags AS tcp_flags, reason, func, conn_id
FROM capture_rows WHERE kind = 'tcp_drop';

-- Bytes a process sent and received through a TCP socket (sock:sock_send_length, sock_recv_length, in its own
-- context), summed in the kernel: a row per socket per interval (--bytes-interval, 1 s) while it moves data, one
-- with the rest at its CLOSE, and one whenever another process starts using the socket. tcptop's counts, kept.
-- @column ts BIGINT end of the interval
-- @column start_ts BIGINT its start (ts - interval_ns): the first bytes after the socket's previous row
-- @column interval_ns BIGINT the interval, ns
-- @column pid INTEGER the process that sent and received them
-- @column tid INTEGER its thread (the first that did, in the interval)
-- @column comm VARCHAR that thread's comm
-- @column saddr VARCHAR local address
-- @column sport INTEGER local port
-- @column daddr VARCHAR remote address
-- @column dport INTEGER remote port
-- @column tx_bytes BIGINT bytes it handed to the socket (sendmsg's returns)
-- @column rx_bytes BIGINT bytes it read from it (recvmsg's returns, peeks left out)
-- @column conn_id BIGINT the socket's life
CREATE OR REPLACE VIEW tcp_bytes AS
SELECT ts, ts - dur_ns AS start_ts, dur_ns AS interval_ns, pid, tid, comm, saddr, sport, daddr, dport, tx_bytes, rx_bytes, conn_id
FROM capture_rows WHERE kind = 'tcp_bytes';

-- Each socket life's owner: the first process named on any of its rows (the one that connected or accepted
-- it, usually), so that rows recorded before the owner was known can be attributed.
-- @column conn_id BIGINT the socket's life
-- @column pid INTEGER its owner's process
-- @column tid INTEGER its owner's thread
-- @column comm VARCHAR its owner's comm
CREATE OR REPLACE VIEW tcp_owner AS
SELECT conn_id, arg_min(pid, ts) AS pid, arg_min(tid, ts) AS tid, arg_min(comm, ts) AS comm
FROM capture_rows
WHERE kind LIKE 'tcp\_%' ESCAPE '\' AND conn_id IS NOT NULL AND pid IS NOT NULL
GROUP BY conn_id;

-- TCP flags as tcpdump and BCC's tcpdrop name them, e.g. SYN, ACK|PSH, FIN|ACK; '' for none.
-- @arg f BIGINT the flags byte of a TCP header
-- @returns VARCHAR the set flags, joined by |
CREATE OR REPLACE MACRO tcp_flag_names(f) AS
array_to_string(list_filter(['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'], (name, i) -> (f >> (i - 1)) & 1 = 1), '|');

-- The IP version of an address as tcpconnect prints it: 6 when the text has a ':' (IPv4-mapped included), else 4.
-- @arg addr VARCHAR an address as the net views hold it
-- @returns INTEGER 4 or 6
CREATE OR REPLACE MACRO ip_version(addr) AS CASE WHEN addr LIKE '%:%' THEN 6 ELSE 4 END;
