// SPDX-License-Identifier: GPL-2.0
/* Block requests: issue/complete with latency, and io_start/io_done (6.5+). */
#include "jrec_common.bpf.h"

#define MAX_INFLIGHT	8192

#define REQ_OP_MASK	0xff

struct rq_key {
	__u32 dev;
	__u32 op;		/* keeps a flush at sector 0 apart from a read there */
	__u64 sector;
};

struct rq_start {
	__u64 ts;
	__u32 pid;
	__u32 tid;
	char comm[JREC_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_INFLIGHT);
	__type(key, struct rq_key);
	__type(value, struct rq_start);
} issued SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_INFLIGHT);
	__type(key, struct rq_key);
	__type(value, struct rq_start);
} started SEC(".maps");

/*
 * Who submitted a request that an I/O scheduler queued: with one (mq-deadline is the default for virtio
 * and SATA disks), block_rq_issue often runs in a kblockd worker, not in the submitting task, so issue
 * context names the wrong task and a -p/--comm filter dropped those requests and their completions
 * altogether. Recorded at block_rq_insert, which runs in the submitter; read (and removed) at issue.
 * LRU: a request merged into another is never issued, and its entry just ages out.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_INFLIGHT);
	__type(key, struct rq_key);
	__type(value, struct rq_start);
} inserted SEC(".maps");

/* before 5.17 (commit f3fa33acca9f) a request named its disk directly */
struct request___pre517 {
	struct gendisk *rq_disk;
} __attribute__((preserve_access_index));

static __always_inline __u32 rq_dev(struct request *rq)
{
	struct gendisk *disk;

	if (bpf_core_field_exists(((struct request___pre517 *)rq)->rq_disk))
		disk = BPF_CORE_READ((struct request___pre517 *)rq, rq_disk);
	else
		disk = BPF_CORE_READ(rq, q, disk);
	if (!disk)
		return 0;
	return (BPF_CORE_READ(disk, major) << 20) | BPF_CORE_READ(disk, first_minor);
}

/* The kernel's blk_fill_rwbs, so records read like the block tracepoints. */
static __always_inline void fill_rwbs(char *rwbs, __u32 opf)
{
	int i = 0;

	*(__u64 *)rwbs = 0;
	if (opf & (1u << bpf_core_enum_value(enum req_flag_bits, __REQ_PREFLUSH)))
		rwbs[i++] = 'F';
	switch (opf & REQ_OP_MASK) {
	case REQ_OP_WRITE:
		rwbs[i++] = 'W';
		break;
	case REQ_OP_DISCARD:
		rwbs[i++] = 'D';
		break;
	case REQ_OP_SECURE_ERASE:
		rwbs[i++] = 'D';
		rwbs[i++] = 'E';
		break;
	case REQ_OP_FLUSH:
		rwbs[i++] = 'F';
		break;
	case REQ_OP_READ:
		rwbs[i++] = 'R';
		break;
	default:
		rwbs[i++] = 'N';
	}
	if (opf & (1u << bpf_core_enum_value(enum req_flag_bits, __REQ_FUA)))
		rwbs[i++] = 'F';
	if (opf & (1u << bpf_core_enum_value(enum req_flag_bits, __REQ_RAHEAD)))
		rwbs[i++] = 'A';
	if (opf & (1u << bpf_core_enum_value(enum req_flag_bits, __REQ_SYNC)))
		rwbs[i++] = 'S';
	if (opf & (1u << bpf_core_enum_value(enum req_flag_bits, __REQ_META)))
		rwbs[i++] = 'M';
}

static __always_inline __u32 rq_key_of(struct request *rq, struct rq_key *k)
{
	__u32 opf = BPF_CORE_READ(rq, cmd_flags);

	k->dev = rq_dev(rq);
	k->op = opf & REQ_OP_MASK;
	k->sector = BPF_CORE_READ(rq, __sector);
	return opf;
}

static __always_inline void fill_rq(struct jrec_block *e, struct request *rq, struct rq_key *k)
{
	__u32 opf = rq_key_of(rq, k);

	e->dev = k->dev;
	e->sector = k->sector;
	e->cmd_flags = opf;
	e->error = 0;
	e->latency_ns = 0;
	fill_rwbs(e->rwbs, opf);
}

static __always_inline int handle_insert(struct request *rq)
{
	struct rq_start s = {};
	__u64 id = bpf_get_current_pid_tgid();
	struct rq_key k;

	if (!current_wanted())
		return 0;
	rq_key_of(rq, &k);
	s.ts = bpf_ktime_get_ns();
	s.pid = id >> 32;
	s.tid = (__u32)id;
	bpf_get_current_comm(&s.comm, sizeof(s.comm));
	bpf_map_update_elem(&inserted, &k, &s, BPF_ANY);
	return 0;
}

static __always_inline int handle_start(void *map, __u16 kind, struct request *rq)
{
	struct task_struct *cur = current_task();
	struct rq_start s = {}, *sub;
	struct jrec_block *e;
	struct rq_key k;

	/* the submitter when a scheduler queued it (see inserted), else the task issuing it now */
	rq_key_of(rq, &k);
	sub = bpf_map_lookup_elem(&inserted, &k);
	if (!sub && !current_wanted())
		return 0;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr(&e->hdr, kind, cur);
	fill_rq(e, rq, &k);
	e->nr_bytes = BPF_CORE_READ(rq, __data_len);
	if (sub) {
		e->issue_pid = sub->pid;
		e->issue_tid = sub->tid;
		__builtin_memcpy(e->issue_comm, sub->comm, JREC_COMM_LEN);
		bpf_map_delete_elem(&inserted, &k);
	} else {
		e->issue_pid = e->hdr.pid;
		e->issue_tid = e->hdr.tid;
		__builtin_memcpy(e->issue_comm, e->hdr.comm, JREC_COMM_LEN);
	}

	s.ts = e->hdr.ts;
	s.pid = e->issue_pid;
	s.tid = e->issue_tid;
	__builtin_memcpy(s.comm, e->issue_comm, JREC_COMM_LEN);
	if (bpf_map_update_elem(map, &k, &s, BPF_ANY))
		count_drop(JREC_DROP_MAP_FULL);
	submit(e);
	return 0;
}

static __always_inline int handle_done(void *map, __u16 kind, struct request *rq,
				       int error, __u32 nr_bytes)
{
	struct jrec_block *e;
	struct rq_start *s;
	struct rq_key k;

	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr(&e->hdr, kind, current_task());
	fill_rq(e, rq, &k);
	s = bpf_map_lookup_elem(map, &k);
	/* No start: issued before attach, or by a task the filters skip.
	 * Completions run wherever (often irq context), so with any filter on
	 * they are kept only when their issue was. */
	if (!s && (any_filter() || exclude_tgid)) {
		bpf_ringbuf_discard(e, BPF_RB_NO_WAKEUP);
		return 0;
	}
	e->nr_bytes = nr_bytes;
	e->error = error;
	if (s) {
		e->latency_ns = e->hdr.ts - s->ts;
		e->issue_pid = s->pid;
		e->issue_tid = s->tid;
		__builtin_memcpy(e->issue_comm, s->comm, JREC_COMM_LEN);
		bpf_map_delete_elem(map, &k);
	} else {
		e->hdr.flags |= JREC_F_NO_START;
		e->issue_pid = 0;
		e->issue_tid = 0;
		__builtin_memset(e->issue_comm, 0, JREC_COMM_LEN);
	}
	submit(e);
	return 0;
}

SEC("tp_btf/block_rq_insert")
int BPF_PROG(btf_block_rq_insert, struct request *rq)
{
	return handle_insert(rq);
}

SEC("raw_tp/block_rq_insert")
int BPF_PROG(raw_block_rq_insert, struct request *rq)
{
	return handle_insert(rq);
}

SEC("tp_btf/block_rq_issue")
int BPF_PROG(btf_block_rq_issue, struct request *rq)
{
	return handle_start(&issued, JREC_BLOCK_RQ_ISSUE, rq);
}

SEC("raw_tp/block_rq_issue")
int BPF_PROG(raw_block_rq_issue, struct request *rq)
{
	return handle_start(&issued, JREC_BLOCK_RQ_ISSUE, rq);
}

SEC("tp_btf/block_rq_complete")
int BPF_PROG(btf_block_rq_complete, struct request *rq, blk_status_t error, unsigned int nr_bytes)
{
	return handle_done(&issued, JREC_BLOCK_RQ_COMPLETE, rq, error, nr_bytes);
}

SEC("raw_tp/block_rq_complete")
int BPF_PROG(raw_block_rq_complete, struct request *rq, blk_status_t error, unsigned int nr_bytes)
{
	return handle_done(&issued, JREC_BLOCK_RQ_COMPLETE, rq, error, nr_bytes);
}

SEC("tp_btf/block_io_start")
int BPF_PROG(btf_block_io_start, struct request *rq)
{
	return handle_start(&started, JREC_BLOCK_IO_START, rq);
}

SEC("raw_tp/block_io_start")
int BPF_PROG(raw_block_io_start, struct request *rq)
{
	return handle_start(&started, JREC_BLOCK_IO_START, rq);
}

SEC("tp_btf/block_io_done")
int BPF_PROG(btf_block_io_done, struct request *rq)
{
	return handle_done(&started, JREC_BLOCK_IO_DONE, rq, 0,
			   BPF_CORE_READ(rq, __data_len));
}

SEC("raw_tp/block_io_done")
int BPF_PROG(raw_block_io_done, struct request *rq)
{
	return handle_done(&started, JREC_BLOCK_IO_DONE, rq, 0,
			   BPF_CORE_READ(rq, __data_len));
}
