// SPDX-License-Identifier: GPL-2.0
/*
 * TCP: state changes (sock:inet_sock_set_state), accepts (the accept
 * syscalls' exits), retransmits, resets sent and received, dropped TCP
 * packets with the kernel's reason (skb:kfree_skb), and the bytes each
 * process sent and received through each socket (sock:sock_send_length,
 * sock_recv_length), summed in the kernel: one tcp_bytes record per socket
 * per bytes_interval_ns while it moves data, and one with the rest at its
 * CLOSE or at the end of the recording, as tcptop's counts but written
 * down.
 *
 * Classic tracepoints throughout: their raw arguments changed between
 * kernels (tcp_send_reset gained a reason, kfree_skb a reason and then
 * rx_sk) while their records only grew, which CO-RE tests field by field.
 *
 * Most TCP work runs in softirq context, on behalf of whichever task it
 * interrupted, so events are named after the socket's owner, learned where
 * a task acts on the socket in process context: listen, connect (SYN_SENT),
 * accept, and close (FIN_WAIT1, LAST_ACK), as tcplife learns it at SYN_SENT
 * and LAST_ACK. The filters (-p, --comm, --cgroup) ask about the owner when
 * it is learned; with a filter on, a socket whose owner is unknown is left
 * out.
 */
#include "jrec_common.bpf.h"
#include <bpf/bpf_endian.h>

#define AF_INET		2
#define AF_INET6	10
#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86DD

/* Sockets tracked at once; LRU, so that closed sockets' owners (kept until
 * the address starts a new life) and sockets whose close was never seen
 * cannot fill the maps. */
#define JREC_MAX_SOCKS	65536

/* Keeps the record type in this object's BTF (see jrec_btf_anchor). */
const volatile struct {
	struct jrec_tcp tcp[0];
	__u32 nonempty;
} jrec_net_btf_anchor = {};

/* The shortest time one socket's tcp_bytes records cover. */
const volatile __u64 bytes_interval_ns = 1000000000;

/* What a socket moved since its last tcp_bytes record, and for whom. */
struct traffic {
	__u64 since;
	__u64 tx;
	__u64 rx;
	__u32 pid;
	__u32 tid;
	char comm[JREC_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, JREC_MAX_SOCKS);
	__type(key, __u64);
	__type(value, struct traffic);
} traffic SEC(".maps");

struct owner {
	__u32 pid;
	__u32 tid;
	char comm[JREC_COMM_LEN];
	__u32 wanted;		/* the filters passed when the owner was learned */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, JREC_MAX_SOCKS);
	__type(key, __u64);
	__type(value, struct owner);
} owners SEC(".maps");

/* When each socket's first state change below FIN_WAIT1 was seen: tcplife's birth. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, JREC_MAX_SOCKS);
	__type(key, __u64);
	__type(value, __u64);
} births SEC(".maps");

/* Makes current the owner of sk, unless it has one. */
static __always_inline void learn_owner(__u64 sk)
{
	struct owner o = {};
	__u64 id = bpf_get_current_pid_tgid();

	o.pid = id >> 32;
	o.tid = (__u32)id;
	bpf_get_current_comm(&o.comm, sizeof(o.comm));
	o.wanted = current_wanted();
	bpf_map_update_elem(&owners, &sk, &o, BPF_NOEXIST);
}

/* A zeroed record of this kind for sk, named after its owner, else after
 * current when the caller knows it runs in the owner's process context,
 * else after nobody. NULL when the filters leave it out or the ring is full. */
static __always_inline struct jrec_tcp *start(__u16 kind, __u64 sk, bool current_owns)
{
	struct owner *o = sk ? bpf_map_lookup_elem(&owners, &sk) : NULL;
	struct jrec_tcp *e;

	if (any_filter() && !(o ? o->wanted : current_owns && current_wanted()))
		return NULL;
	e = reserve(sizeof(*e));
	if (!e)
		return NULL;
	__builtin_memset(e, 0, sizeof(*e));
	e->hdr.kind = kind;
	e->hdr.cpu = bpf_get_smp_processor_id();
	e->hdr.ts = bpf_ktime_get_ns();
	e->sk = sk;
	if (o) {
		e->hdr.pid = o->pid;
		e->hdr.tid = o->tid;
		__builtin_memcpy(e->hdr.comm, o->comm, sizeof(e->hdr.comm));
	} else if (current_owns) {
		__u64 id = bpf_get_current_pid_tgid();

		e->hdr.pid = id >> 32;
		e->hdr.tid = (__u32)id;
		bpf_get_current_comm(&e->hdr.comm, sizeof(e->hdr.comm));
	}
	return e;
}

/* The socket's ends: family, local and remote address and port, and state. */
static __always_inline void sock_ends(struct jrec_tcp *e, struct sock *sk)
{
	int state = BPF_CORE_READ(sk, __sk_common.skc_state);

	e->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	/* A full socket's local port is inet_sport: skc_num is 0 by the time
	 * the tracepoint reports TCP_CLOSE (the port was released). Time-wait
	 * and request sockets have only skc_num. */
	if (state == TCP_TIME_WAIT || state == TCP_NEW_SYN_RECV)
		e->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	else
		e->sport = bpf_ntohs(BPF_CORE_READ((struct inet_sock *)sk, inet_sport));
	e->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (!e->state)
		e->state = state;
	if (e->family == AF_INET6) {
		BPF_CORE_READ_INTO(&e->saddr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&e->daddr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	} else {
		BPF_CORE_READ_INTO((__u32 *)e->saddr, sk, __sk_common.skc_rcv_saddr);
		BPF_CORE_READ_INTO((__u32 *)e->daddr, sk, __sk_common.skc_daddr);
	}
}

/*
 * The packet's ends and TCP flags, from its IP and TCP headers (wire
 * formats, so fixed offsets rather than CO-RE). False for anything but
 * TCP over IPv4 or over IPv6 without extension headers.
 */
static __always_inline bool packet_ends(struct jrec_tcp *e, struct sk_buff *skb, __u16 proto)
{
	unsigned char *head = BPF_CORE_READ(skb, head);
	__u16 nh = BPF_CORE_READ(skb, network_header);
	__u8 b[2];
	__u32 th;

	if (nh == (__u16)~0U)
		return false;	/* no network header set yet */
	if (proto == ETH_P_IP) {
		if (bpf_probe_read_kernel(b, 1, head + nh) || bpf_probe_read_kernel(b + 1, 1, head + nh + 9))
			return false;
		if (b[1] != IPPROTO_TCP)
			return false;
		e->family = AF_INET;
		bpf_probe_read_kernel(e->saddr, 4, head + nh + 12);
		bpf_probe_read_kernel(e->daddr, 4, head + nh + 16);
		th = nh + (b[0] & 0xf) * 4;
	} else if (proto == ETH_P_IPV6) {
		if (bpf_probe_read_kernel(b, 1, head + nh + 6) || b[0] != IPPROTO_TCP)
			return false;
		e->family = AF_INET6;
		bpf_probe_read_kernel(e->saddr, 16, head + nh + 8);
		bpf_probe_read_kernel(e->daddr, 16, head + nh + 24);
		th = nh + 40;
	} else {
		return false;
	}
	if (bpf_probe_read_kernel(&e->sport, 2, head + th) || bpf_probe_read_kernel(&e->dport, 2, head + th + 2)) {
		count_drop(JREC_DROP_READ);
		return false;
	}
	e->sport = bpf_ntohs(e->sport);
	e->dport = bpf_ntohs(e->dport);
	bpf_probe_read_kernel(&b[0], 1, head + th + 13);
	e->tcp_flags = b[0];
	return true;
}

/* States a socket enters in its owner's process context: listen(), connect(), close(). */
/* A tcp_bytes record of what t holds for sk; t starts over. */
static __always_inline void bytes_record(__u64 sk, struct traffic *t, __u64 now)
{
	struct jrec_tcp *e = reserve(sizeof(*e));

	if (e) {
		__builtin_memset(e, 0, sizeof(*e));
		e->hdr.kind = JREC_TCP_BYTES;
		e->hdr.cpu = bpf_get_smp_processor_id();
		e->hdr.pid = t->pid;
		e->hdr.tid = t->tid;
		__builtin_memcpy(e->hdr.comm, t->comm, sizeof(e->hdr.comm));
		e->hdr.ts = now;
		e->sk = sk;
		e->duration_ns = now - t->since;
		e->tx_bytes = t->tx;
		e->rx_bytes = t->rx;
		sock_ends(e, (struct sock *)sk);
		submit(e);
	}
	t->since = now;
	t->tx = 0;
	t->rx = 0;
}

#define MSG_PEEK	2

/* ret bytes sent or received through sk by current, in process context. A
 * socket used by another process than the one it counted for starts over
 * under the new one. Concurrent senders on two CPUs may lose a count to
 * the other's reset: sums are exact for a socket one thread uses at a time. */
static __always_inline int moved(__u64 sk, __u16 family, __u16 protocol, int ret, int flags, bool sent)
{
	__u64 id = bpf_get_current_pid_tgid(), now;
	struct traffic *t;

	if (ret <= 0 || protocol != IPPROTO_TCP || (family != AF_INET && family != AF_INET6))
		return 0;
	if (!sent && (flags & MSG_PEEK))
		return 0;
	if (!current_wanted())
		return 0;
	now = bpf_ktime_get_ns();
	t = bpf_map_lookup_elem(&traffic, &sk);
	if (!t) {
		struct traffic n = { .since = now, .pid = id >> 32, .tid = (__u32)id };

		bpf_get_current_comm(&n.comm, sizeof(n.comm));
		bpf_map_update_elem(&traffic, &sk, &n, BPF_ANY);
		t = bpf_map_lookup_elem(&traffic, &sk);
		if (!t) {
			count_drop(JREC_DROP_MAP_FULL);
			return 0;
		}
	} else if (t->pid != id >> 32) {
		if (t->tx || t->rx)
			bytes_record(sk, t, now);
		t->pid = id >> 32;
		t->tid = (__u32)id;
		bpf_get_current_comm(&t->comm, sizeof(t->comm));
	}
	if (sent)
		__sync_fetch_and_add(&t->tx, ret);
	else
		__sync_fetch_and_add(&t->rx, ret);
	if (now - t->since >= bytes_interval_ns)
		bytes_record(sk, t, now);
	return 0;
}

SEC("tp/sock/sock_send_length")
int sock_send_length(struct trace_event_raw_sock_msg_length *ctx)
{
	return moved((__u64)ctx->sk, ctx->family, ctx->protocol, ctx->ret, ctx->flags, true);
}

SEC("tp/sock/sock_recv_length")
int sock_recv_length(struct trace_event_raw_sock_msg_length *ctx)
{
	return moved((__u64)ctx->sk, ctx->family, ctx->protocol, ctx->ret, ctx->flags, false);
}

static __always_inline bool by_owner(int state)
{
	return state == TCP_LISTEN || state == TCP_SYN_SENT || state == TCP_FIN_WAIT1 || state == TCP_LAST_ACK;
}

SEC("tp/sock/inet_sock_set_state")
int inet_sock_set_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
	__u64 sk = (__u64)ctx->skaddr, now, *birth;
	int state = ctx->newstate;
	struct jrec_tcp *e;

	/* tcp_close stores FIN_WAIT1 twice; only changes are events */
	if (ctx->protocol != IPPROTO_TCP || ctx->oldstate == state)
		return 0;
	/* A new life at this address (connect, listen, a listener's child):
	 * forget the last one's owner, kept past its CLOSE for the resets and
	 * purges the kernel reports while freeing it. */
	if (ctx->oldstate == TCP_CLOSE || (ctx->oldstate == TCP_LISTEN && state != TCP_CLOSE)) {
		bpf_map_delete_elem(&owners, &sk);
		bpf_map_delete_elem(&births, &sk);
	}
	if (by_owner(state))
		learn_owner(sk);
	if (state < TCP_FIN_WAIT1) {
		now = bpf_ktime_get_ns();
		bpf_map_update_elem(&births, &sk, &now, BPF_NOEXIST);
	}
	e = start(JREC_TCP_STATE, sk, by_owner(state));
	if (e) {
		e->old_state = ctx->oldstate;
		e->state = state;
		sock_ends(e, (struct sock *)sk);
		if (state == TCP_CLOSE) {
			struct tcp_sock *tp = (struct tcp_sock *)sk;

			birth = bpf_map_lookup_elem(&births, &sk);
			if (birth)
				e->duration_ns = e->hdr.ts - *birth;
			else
				e->hdr.flags |= JREC_F_NO_START;
			e->rx_bytes = BPF_CORE_READ(tp, bytes_received);
			e->tx_bytes = BPF_CORE_READ(tp, bytes_acked);
		}
		submit(e);
	}
	if (state == TCP_CLOSE) {
		struct traffic *t = bpf_map_lookup_elem(&traffic, &sk);

		bpf_map_delete_elem(&births, &sk);
		if (t) {
			if (t->tx || t->rx)
				bytes_record(sk, t, bpf_ktime_get_ns());
			bpf_map_delete_elem(&traffic, &sk);
		}
	}
	return 0;
}

/*
 * A socket's bytes are recorded when it next moves data after
 * bytes_interval_ns, or at its close: one that went quiet would hold its
 * last bytes until then, past the end of the recording. So the recorder
 * walks every TCP socket with these iterators: once per interval for what
 * is due, and at the stop for all that is left. The send path's count can
 * race the walk's reset as it races another sender's (see moved).
 */
static __always_inline int harvest(struct sock_common *skc, bool all)
{
	__u64 sk = (__u64)skc, now;
	struct traffic *t;

	if (!skc)
		return 0;
	t = bpf_map_lookup_elem(&traffic, &sk);
	if (!t || !(t->tx || t->rx))
		return 0;
	now = bpf_ktime_get_ns();
	if (all || now - t->since >= bytes_interval_ns)
		bytes_record(sk, t, now);
	return 0;
}

SEC("iter/tcp")
int tcp_bytes_due(struct bpf_iter__tcp *ctx)
{
	return harvest(ctx->sk_common, false);
}

SEC("iter/tcp")
int tcp_bytes_flush(struct bpf_iter__tcp *ctx)
{
	return harvest(ctx->sk_common, true);
}

/* accept and accept4 return the new connection's fd in the acceptor's context. */
static __always_inline int accepted(long fd)
{
	struct task_struct *t = current_task();
	struct file **fds, *f;
	struct socket *so;
	struct sock *sk;
	struct jrec_tcp *e;

	if (fd < 0 || fd >= BPF_CORE_READ(t, files, fdt, max_fds))
		return 0;
	fds = BPF_CORE_READ(t, files, fdt, fd);
	if (bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) || !f)
		return 0;
	so = BPF_CORE_READ(f, private_data);
	sk = BPF_CORE_READ(so, sk);
	if (!sk || BPF_CORE_READ_BITFIELD_PROBED(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	learn_owner((__u64)sk);
	e = start(JREC_TCP_ACCEPT, (__u64)sk, true);
	if (!e)
		return 0;
	sock_ends(e, sk);
	submit(e);
	return 0;
}

SEC("tp/syscalls/sys_exit_accept4")
int sys_exit_accept4(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx->ret);
}

SEC("tp/syscalls/sys_exit_accept")
int sys_exit_accept(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx->ret);
}

SEC("tp/tcp/tcp_retransmit_skb")
int tcp_retransmit_skb(struct trace_event_raw_tcp_retransmit_skb *ctx)
{
	__u64 sk = (__u64)ctx->skaddr;
	struct jrec_tcp *e = start(JREC_TCP_RETRANSMIT, sk, false);

	if (!e)
		return 0;
	sock_ends(e, (struct sock *)sk);
	submit(e);
	return 0;
}

/* Without a socket (a segment for a port nothing listens on, since 6.10),
 * the reset answers the packet: its ends are the packet's, reversed. */
SEC("tp/tcp/tcp_send_reset")
int tcp_send_reset(struct trace_event_raw_tcp_send_reset *ctx)
{
	struct sk_buff *skb = (struct sk_buff *)ctx->skbaddr;
	__u64 sk = (__u64)ctx->skaddr;
	struct jrec_tcp p = {}, *e;

	if (!sk && !packet_ends(&p, skb, bpf_ntohs(BPF_CORE_READ(skb, protocol))))
		return 0;
	e = start(JREC_TCP_SEND_RESET, sk, false);
	if (!e)
		return 0;
	if (bpf_core_field_exists(ctx->reason))
		e->reason = ctx->reason;
	if (sk) {
		sock_ends(e, (struct sock *)sk);
	} else {
		e->hdr.flags |= JREC_F_NO_SOCK;
		e->family = p.family;
		e->sport = p.dport;
		e->dport = p.sport;
		__builtin_memcpy(e->saddr, p.daddr, sizeof(e->saddr));
		__builtin_memcpy(e->daddr, p.saddr, sizeof(e->daddr));
		e->tcp_flags = p.tcp_flags;
	}
	submit(e);
	return 0;
}

SEC("tp/tcp/tcp_receive_reset")
int tcp_receive_reset(struct trace_event_raw_tcp_event_sk *ctx)
{
	__u64 sk = (__u64)ctx->skaddr;
	struct jrec_tcp *e = start(JREC_TCP_RECEIVE_RESET, sk, false);

	if (!e)
		return 0;
	sock_ends(e, (struct sock *)sk);
	submit(e);
	return 0;
}

/* Every freed packet that was dropped, not consumed; only TCP's are kept,
 * parsed before a ring slot is taken, since other drops can be many. */
SEC("tp/skb/kfree_skb")
int kfree_skb(struct trace_event_raw_kfree_skb *ctx)
{
	struct sk_buff *skb = ctx->skbaddr;
	struct jrec_tcp p = {}, *e;
	__u64 sk = 0;

	if (ctx->protocol != ETH_P_IP && ctx->protocol != ETH_P_IPV6)
		return 0;
	if (!packet_ends(&p, skb, ctx->protocol))
		return 0;
	if (bpf_core_field_exists(ctx->rx_sk))
		sk = (__u64)ctx->rx_sk;
	if (!sk)
		sk = (__u64)BPF_CORE_READ(skb, sk);
	e = start(JREC_TCP_DROP, sk, false);
	if (!e)
		return 0;
	e->family = p.family;
	e->sport = p.sport;
	e->dport = p.dport;
	__builtin_memcpy(e->saddr, p.saddr, sizeof(e->saddr));
	__builtin_memcpy(e->daddr, p.daddr, sizeof(e->daddr));
	e->tcp_flags = p.tcp_flags;
	if (sk)
		e->state = BPF_CORE_READ((struct sock *)sk, __sk_common.skc_state);
	else
		e->hdr.flags |= JREC_F_NO_SOCK;
	if (bpf_core_field_exists(ctx->reason))
		e->reason = ctx->reason;
	e->location = (__u64)ctx->location;
	submit(e);
	return 0;
}
