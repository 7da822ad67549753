// SPDX-License-Identifier: GPL-2.0
/*
 * Off-CPU intervals with stacks, offcputime/wakeuptime style, on
 * tracepoints only (no kprobes):
 *  - sched_switch, prev blocking (not preempted, state not running): its
 *    switch-out time, state and kernel/user stack ids go into "start";
 *  - sched_waking of a task in "start": the waker (current) and its stack
 *    ids go into "wakers" (sched_waking runs in the waker's context;
 *    sched_wakeup may run on the target CPU for a queued remote wakeup);
 *  - sched_switch, next in "start": if it was off CPU for >= min_block_ns,
 *    one jrec_offcpu record.
 * A wakeup from interrupt context names whatever task was current then
 * (often swapper); its user stack is that task's, as in wakeuptime.
 * With ustack_bytes (--call-graph dwarf, tp_btf only), the blocking task's
 * user registers and the top of its user stack are also saved in its task
 * storage at the switch-out, and appended to the record (JREC_F_USER_REGS)
 * when the interval is emitted; shorter intervals cost the copy only.
 */
#include "jrec_common.bpf.h"
#include "jrec_ustack.bpf.h"
#include "jrec_stacks.bpf.h"

#define TASK_RUNNING	0

/* Intervals shorter than this are not recorded (offcputime -m, in ns). */
const volatile __u64 min_block_ns = 1000000;

/* Loader may resize before load; a full map counts JREC_DROP_MAP_FULL. */
#define MAX_TASKS	16384

struct offcpu_start {
	__u64 ts;
	__u64 state;
	__s32 kstack_id;
	__s32 ustack_id;
	__u32 ucopy;		/* btf_ustacks holds this block's registers and stack copy */
	__u32 _pad;
};

/* --call-graph dwarf (ustack_bytes > 0, tp_btf only): each task's user
 * registers and stack copy as it last blocked. Task storage: created on a
 * task's first block, freed when it exits; written in place afterwards. */
struct ustack_copy {
	struct jrec_user_regs regs;
	__u8 stack[JREC_USTACK_MAX + JREC_USTACK_SLACK];
};

/* For ustack_bytes <= JREC_USTACK_SMALL (the default): 12.1 KiB per task, not 20.1. */
struct ustack_copy_small {
	struct jrec_user_regs regs;
	__u8 stack[JREC_USTACK_SMALL + JREC_USTACK_SLACK];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ustack_copy);
} btf_ustacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ustack_copy_small);
} btf_ustacks_small SEC(".maps");

/* Copies the current (blocking) task's registers and stack into its task storage. */
static __always_inline bool save_user_stack(void)
{
	struct task_struct *cur = bpf_get_current_task_btf();

	if (ustack_bytes <= JREC_USTACK_SMALL) {
		struct ustack_copy_small *c = bpf_task_storage_get(&btf_ustacks_small, cur, 0,
								   BPF_LOCAL_STORAGE_GET_F_CREATE);

		return c && copy_user_stack(&c->regs, c->stack, JREC_USTACK_SMALL);
	} else {
		struct ustack_copy *c = bpf_task_storage_get(&btf_ustacks, cur, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

		return c && copy_user_stack(&c->regs, c->stack, JREC_USTACK_MAX);
	}
}

/* The record with its copy is built here, then copied to the ring buffer
 * at its actual length (reservations have a constant size). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct jrec_offcpu_ustack);
} ustack_scratch SEC(".maps");

struct offcpu_waker {
	__u32 pid;
	__u32 tid;
	__s32 kstack_id;
	__s32 ustack_id;
	char comm[JREC_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_TASKS);
	__type(key, __u32);
	__type(value, struct offcpu_start);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_TASKS);
	__type(key, __u32);
	__type(value, struct offcpu_waker);
} wakers SEC(".maps");

/* Keeps the record type in this object's BTF (see jrec_btf_anchor). */
const volatile struct {
	struct jrec_offcpu offcpu[0];
	struct jrec_user_regs user_regs[0];
	__u32 nonempty;
} jrec_offcpu_btf_anchor = {};

/* Counts a stack that an emitted record misses (not a thread without one). */
static __always_inline void count_stack(__s32 id)
{
	if (stack_lost(id))
		count_drop(JREC_DROP_STACK);
}

static __always_inline void fill_offcpu(struct jrec_offcpu *e, struct task_struct *next, __u64 now,
					struct offcpu_start *s, struct offcpu_waker *w, bool waker)
{
	fill_hdr(&e->hdr, JREC_OFFCPU, next);
	e->hdr.ts = now;
	e->start_ts = s->ts;
	e->duration_ns = now - s->ts;
	e->state = s->state;
	e->kstack_id = s->kstack_id;
	e->ustack_id = s->ustack_id;
	count_stack(s->kstack_id);
	count_stack(s->ustack_id);
	if (waker) {
		e->hdr.flags |= JREC_F_WAKER;
		e->waker_pid = w->pid;
		e->waker_tid = w->tid;
		e->waker_kstack_id = w->kstack_id;
		e->waker_ustack_id = w->ustack_id;
		__builtin_memcpy(e->waker_comm, w->comm, sizeof(e->waker_comm));
		count_stack(w->kstack_id);
		count_stack(w->ustack_id);
	} else {
		e->waker_pid = 0;
		e->waker_tid = 0;
		e->waker_kstack_id = -JREC_EFAULT;
		e->waker_ustack_id = -JREC_EFAULT;
		__builtin_memset(e->waker_comm, 0, sizeof(e->waker_comm));
	}
}

/* With the dwarf copy of next's block: the record and the copy in one. */
static __always_inline bool emit_with_copy(struct task_struct *next, __u64 now, struct offcpu_start *s,
					   struct offcpu_waker *w, bool waker)
{
	struct jrec_offcpu_ustack *u;
	struct jrec_user_regs *regs;
	__u32 zero = 0;
	__u8 *stack;
	__u64 len;

	if (ustack_bytes <= JREC_USTACK_SMALL) {
		struct ustack_copy_small *c = bpf_task_storage_get(&btf_ustacks_small, next, 0, 0);

		if (!c)
			return false;
		regs = &c->regs;
		stack = c->stack;
	} else {
		struct ustack_copy *c = bpf_task_storage_get(&btf_ustacks, next, 0, 0);

		if (!c)
			return false;
		regs = &c->regs;
		stack = c->stack;
	}
	u = bpf_map_lookup_elem(&ustack_scratch, &zero);
	if (!u)
		return false;
	fill_offcpu(&u->o, next, now, s, w, waker);
	u->o.hdr.flags |= JREC_F_USER_REGS;
	u->regs = *regs;
	len = regs->stack_len;
	if (len > JREC_USTACK_MAX)
		len = JREC_USTACK_MAX;
	u->regs.stack_len = len;
	if (len && bpf_probe_read_kernel(u->stack, len, stack))
		return false;
	if (bpf_ringbuf_output(&events, u, __builtin_offsetof(struct jrec_offcpu_ustack, stack) + len,
			       BPF_RB_NO_WAKEUP))
		count_drop(JREC_DROP_RINGBUF);
	return true;
}

static __always_inline int handle_switch(void *ctx, bool btf, bool preempt, struct task_struct *prev,
					 struct task_struct *next)
{
	struct offcpu_start *sp, s;
	struct offcpu_waker *wp, w;
	struct jrec_offcpu *e;
	__u64 now = bpf_ktime_get_ns(), state, delta;
	bool waker = false;
	__u32 tid;

	/* prev is current: blocking now, remember when and where */
	if (!preempt) {
		state = task_state(btf, prev);
		if (state != TASK_RUNNING && task_wanted(prev) && cgroup_wanted()) {
			s.ts = now;
			s.state = state;
			s.kstack_id = bpf_get_stackid(ctx, &stacks, 0);
			s.ustack_id = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
			s.ucopy = 0;
			s._pad = 0;
			/* prev is current: its user memory is the one mapped */
			if (btf && ustack_bytes && save_user_stack())
				s.ucopy = 1;
			tid = BPF_CORE_READ(prev, pid);
			if (bpf_map_update_elem(&start, &tid, &s, BPF_ANY))
				count_drop(JREC_DROP_MAP_FULL);
		}
	}

	/* next comes back: was it blocked while we watched? */
	tid = BPF_CORE_READ(next, pid);
	sp = bpf_map_lookup_elem(&start, &tid);
	if (!sp)
		return 0;
	s = *sp;
	bpf_map_delete_elem(&start, &tid);
	wp = bpf_map_lookup_elem(&wakers, &tid);
	if (wp) {
		w = *wp;
		waker = true;
		bpf_map_delete_elem(&wakers, &tid);
	}
	delta = now - s.ts;
	if (delta < min_block_ns)
		return 0;

	if (btf && s.ucopy && room_for_copy() && emit_with_copy(next, now, &s, &w, waker))
		return 0;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_offcpu(e, next, now, &s, &w, waker);
	submit(e);
	return 0;
}

/* Runs in the waker's context: current is the waker, p the woken task. */
static __always_inline int handle_waking(void *ctx, struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);
	struct offcpu_waker w;
	__u64 id;

	if (!bpf_map_lookup_elem(&start, &tid))
		return 0;	/* not a task we saw block */
	id = bpf_get_current_pid_tgid();
	w.pid = id >> 32;
	w.tid = (__u32)id;
	w.kstack_id = bpf_get_stackid(ctx, &stacks, 0);
	w.ustack_id = w.tid ? bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK) : -JREC_EFAULT;
	bpf_get_current_comm(&w.comm, sizeof(w.comm));
	if (bpf_map_update_elem(&wakers, &tid, &w, BPF_ANY))
		count_drop(JREC_DROP_MAP_FULL);
	return 0;
}

/* A task that exits is not blocked any more: keeps the maps from filling. */
static __always_inline int handle_exit(struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);

	bpf_map_delete_elem(&start, &tid);
	bpf_map_delete_elem(&wakers, &tid);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(btf_offcpu_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return handle_switch(ctx, true, preempt, prev, next);
}

SEC("raw_tp/sched_switch")
int BPF_PROG(raw_offcpu_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return handle_switch(ctx, false, preempt, prev, next);
}

SEC("tp_btf/sched_waking")
int BPF_PROG(btf_offcpu_waking, struct task_struct *p)
{
	return handle_waking(ctx, p);
}

SEC("raw_tp/sched_waking")
int BPF_PROG(raw_offcpu_waking, struct task_struct *p)
{
	return handle_waking(ctx, p);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(btf_offcpu_exit, struct task_struct *p)
{
	return handle_exit(p);
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(raw_offcpu_exit, struct task_struct *p)
{
	return handle_exit(p);
}
