// SPDX-License-Identifier: GPL-2.0
/*
 * Lock contention, as perf lock contention and libbpf-tools' klockstat and
 * futexctn see it, on tracepoints only:
 *  - lock:contention_begin/end: a kernel lock's slow path (spinlock, rwlock,
 *    mutex, rwsem, rtmutex, percpu-rwsem), paired per task in the kernel;
 *    one record per contention at its end, with the waiter's kernel stack
 *    (the caller is the first frame outside the locking functions);
 *  - syscalls:sys_enter/exit_futex: user-space waits on a futex word (what
 *    a contended pthread mutex or condvar, or a parked Java thread, does)
 *    with the caller's user stack, and the wakes that woke someone, so that
 *    a report can name each wait's waker.
 * Only the tasks the filters keep: the waiter is the one the question is
 * about (unlike an interrupt, which belongs to nobody).
 */
#include "jrec_common.bpf.h"
#include "jrec_stacks.bpf.h"

/* Contentions and futex waits shorter than these are not recorded (ns). */
const volatile __u64 min_contention_ns = 0;
const volatile __u64 min_futex_ns = 0;

/* Loader may resize before load; a full map counts JREC_DROP_MAP_FULL. */
#define MAX_TASKS	16384

/*
 * Contentions nest: a mutex's slow path may contend on its wait_lock, an
 * interrupt may contend on a spinlock over a task waiting for a rwsem. A
 * short stack per task, as its contentions are strictly nested.
 */
#define MAX_NESTED	4

struct contending {
	__u64 lock[MAX_NESTED];
	__u64 ts[MAX_NESTED];
	__u32 flags[MAX_NESTED];
	__u32 depth;
	__u32 _pad;
};

/* LRU: an entry left by an end never seen (the attach came between) goes
 * when room is needed, not kept forever. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_TASKS);
	__type(key, __u32);
	__type(value, struct contending);
} contending SEC(".maps");

struct futex_call {
	__u64 ts;
	__u64 uaddr;
	__u32 op;
	__u32 _pad;
};

/* LRU: a thread killed inside futex(2) never reaches sys_exit_futex. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_TASKS);
	__type(key, __u32);
	__type(value, struct futex_call);
} futex_calls SEC(".maps");

/* include/uapi/linux/futex.h */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_WAKE_OP		5
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_WAIT_REQUEUE_PI	11
#define FUTEX_LOCK_PI2		13
#define FUTEX_CMD_MASK		~(128 | 256)	/* without PRIVATE_FLAG, CLOCK_REALTIME */

static __always_inline int begin(void *lock, __u32 flags)
{
	static const struct contending empty;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct contending *c;
	__u32 d;

	if (!current_wanted())
		return 0;
	c = bpf_map_lookup_elem(&contending, &tid);
	if (!c) {
		/* NOEXIST: an interrupt's contention may have created it meanwhile */
		bpf_map_update_elem(&contending, &tid, &empty, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&contending, &tid);
		if (!c) {
			count_drop(JREC_DROP_MAP_FULL);
			return 0;
		}
	}
	d = c->depth;
	/* a mutex begins once to spin on its owner, again to sleep, and ends once: one wait */
	if (d > 0 && d <= MAX_NESTED && c->lock[(d - 1) & (MAX_NESTED - 1)] == (__u64)lock)
		return 0;
	if (d >= MAX_NESTED) {
		count_drop(JREC_DROP_MAP_FULL);
		return 0;
	}
	d &= MAX_NESTED - 1;
	c->lock[d] = (__u64)lock;
	c->ts[d] = bpf_ktime_get_ns();
	c->flags[d] = flags;
	c->depth = d + 1;
	return 0;
}

/* Whether lock is one of the current task's own, named by where it lives. */
static __always_inline __u32 lock_class(bool btf, void *lock)
{
	struct task_struct *t = current_task_of(btf);
	struct sighand_struct *sh;
	struct mm_struct *mm;

	mm = TASK_READ(btf, t, mm);
	if (mm && (void *)&mm->mmap_lock == lock)
		return JREC_LOCK_MMAP;
	sh = TASK_READ(btf, t, sighand);
	if (sh && (void *)&sh->siglock == lock)
		return JREC_LOCK_SIGHAND;
	return 0;
}

/* An end with no begin (the wait began before the attach) is left out;
 * one that matches a lower entry ends the contentions above it unseen. */
static __always_inline int end(bool btf, void *ctx, void *lock, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct jrec_lock_contention *e;
	struct contending *c;
	__u64 now, start;
	__u32 flags;
	int i = -1;

	c = bpf_map_lookup_elem(&contending, &tid);
	if (!c)
		return 0;
#pragma unroll
	for (int j = MAX_NESTED - 1; j >= 0; j--) {
		if (i < 0 && j < c->depth && c->lock[j] == (__u64)lock)
			i = j;
	}
	if (i < 0)
		return 0;
	i &= MAX_NESTED - 1;
	start = c->ts[i];
	flags = c->flags[i];
	c->depth = i;
	now = bpf_ktime_get_ns();
	if (now - start < min_contention_ns)
		return 0;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr_at(btf, &e->hdr, JREC_LOCK_CONTENTION, current_task_of(btf), now);
	e->lock = (__u64)lock;
	e->duration_ns = now - start;
	e->lcb_flags = flags;
	e->ret = ret;
	e->kstack_id = bpf_get_stackid(ctx, &stacks, 0);
	if (stack_lost(e->kstack_id))
		count_drop(JREC_DROP_STACK);
	e->lock_class = lock_class(btf, lock);
	submit(e);
	return 0;
}

SEC("tp_btf/contention_begin")
int BPF_PROG(btf_contention_begin, void *lock, unsigned int flags)
{
	return begin(lock, flags);
}

SEC("raw_tp/contention_begin")
int BPF_PROG(raw_contention_begin, void *lock, unsigned int flags)
{
	return begin(lock, flags);
}

SEC("tp_btf/contention_end")
int BPF_PROG(btf_contention_end, void *lock, int ret)
{
	return end(true, ctx, lock, ret);
}

SEC("raw_tp/contention_end")
int BPF_PROG(raw_contention_end, void *lock, int ret)
{
	return end(false, ctx, lock, ret);
}

static __always_inline bool futex_wait_op(__u32 cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_REQUEUE_PI;
}

static __always_inline bool futex_wake_op(__u32 cmd)
{
	return cmd == FUTEX_WAKE || cmd == FUTEX_WAKE_BITSET || cmd == FUTEX_WAKE_OP || cmd == FUTEX_UNLOCK_PI;
}

SEC("tp/syscalls/sys_enter_futex")
int sys_enter_futex(struct trace_event_raw_sys_enter *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct futex_call call = {};
	__u32 op = (__u32)ctx->args[1];

	if (!futex_wait_op(op & FUTEX_CMD_MASK) && !futex_wake_op(op & FUTEX_CMD_MASK))
		return 0;
	if (!current_wanted())
		return 0;
	call.ts = bpf_ktime_get_ns();
	call.uaddr = ctx->args[0];
	call.op = op;
	if (bpf_map_update_elem(&futex_calls, &tid, &call, BPF_ANY))
		count_drop(JREC_DROP_MAP_FULL);
	return 0;
}

SEC("tp/syscalls/sys_exit_futex")
int sys_exit_futex(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct futex_call *call;
	struct jrec_futex *e;
	__u64 now = bpf_ktime_get_ns();
	long ret = ctx->ret;
	__u32 cmd;
	bool wait;

	call = bpf_map_lookup_elem(&futex_calls, &tid);
	if (!call)
		return 0;
	cmd = call->op & FUTEX_CMD_MASK;
	wait = futex_wait_op(cmd);
	/* a wake that woke nobody tells no waiter anything */
	if (!wait && (cmd == FUTEX_UNLOCK_PI ? ret != 0 : ret <= 0))
		goto done;
	if (wait && now - call->ts < min_futex_ns)
		goto done;
	e = reserve(sizeof(*e));
	if (!e)
		goto done;
	fill_hdr_at(false, &e->hdr, wait ? JREC_FUTEX_WAIT : JREC_FUTEX_WAKE, current_task(), now);
	e->uaddr = call->uaddr;
	e->duration_ns = now - call->ts;
	e->ret = ret;
	e->op = call->op;
	e->ustack_id = wait ? bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK) : -JREC_EFAULT;
	if (stack_lost(e->ustack_id))
		count_drop(JREC_DROP_STACK);
	submit(e);
done:
	bpf_map_delete_elem(&futex_calls, &tid);
	return 0;
}
