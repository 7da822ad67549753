/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Maps, knobs and helpers every jrec object shares. */
#ifndef __JREC_COMMON_BPF_H
#define __JREC_COMMON_BPF_H

#include "vmlinux.h"
#include "jrec_arch.bpf.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "jrec_events.h"

/* task_struct->flags bit of a kernel thread: include/linux/sched.h's value,
 * unchanged since 2.6 (a #define, so not in vmlinux.h's BTF). */
#define PF_KTHREAD		0x00200000

/* Knobs: set by the loader in .rodata before load, so the verifier prunes
 * the branches they disable. 0 / false / empty means "no filter". */
const volatile __u32 exclude_tgid = 0;
const volatile char targ_comm[JREC_COMM_LEN] = {};
/* Only tgids that are keys of targ_tgids (filled by the loader after load). */
const volatile bool filter_tgid = false;
/* Only tasks under the cgroup v2 at index 0 of cgroup_map (see cgroup_wanted). */
const volatile bool filter_cg = false;

/*
 * Records exist only as ring buffer bytes, so clang would leave their
 * types (and the enums of their kinds and drop slots) out of the object's BTF. This never-read variable keeps them in,
 * so the loader can check its Java mirrors against the real layouts.
 */
const volatile struct {
	/* zero-length arrays: BTF gets the full types (pointers would only
	 * get forward declarations) at no cost in .rodata */
	struct jrec_hdr hdr[0];
	struct jrec_sched_switch sched_switch[0];
	struct jrec_sched_wakeup sched_wakeup[0];
	struct jrec_proc_exec proc_exec[0];
	struct jrec_proc_fork proc_fork[0];
	struct jrec_proc_exit proc_exit[0];
	struct jrec_oom_kill oom_kill[0];
	struct jrec_signal signal[0];
	struct jrec_hung_task hung_task[0];
	struct jrec_block block[0];
	struct jrec_syscall syscall[0];
	struct jrec_syscall_path syscall_path[0];
	struct jrec_hardirq hardirq[0];
	struct jrec_softirq softirq[0];
	struct jrec_reclaim reclaim[0];
	struct jrec_fault fault[0];
	struct jrec_rss rss[0];
	struct jrec_lock_contention lock_contention[0];
	struct jrec_futex futex[0];
	struct jrec_uprobe uprobe[0];
	struct jrec_uprobe_str uprobe_str[0];
	enum jrec_kind kind[0];
	enum jrec_drop drop[0];
	__u32 nonempty;		/* keeps the variable from being zero-sized */
} jrec_btf_anchor = {};

/* Sized by the loader (bpf_map__set_max_entries) before load. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* The -p set, libbpf-tools style; the loader sizes it to fit before load. */
#define JREC_MAX_TGIDS	1024

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, JREC_MAX_TGIDS);
	__type(key, __u32);
	__type(value, __u8);
} targ_tgids SEC(".maps");

/* Index 0 holds the fd of the --cgroup directory (as runqlat/biolatency -c). */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, JREC_DROP_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

static __always_inline void count_drop(__u32 why)
{
	__u64 *n = bpf_map_lookup_elem(&drops, &why);

	if (n)
		(*n)++;		/* per-CPU slot: no atomics needed */
}

/* Records are drained on a timer: waking the reader per record made a
 * context-switch storm feed itself. */
static __always_inline void *reserve(__u64 size)
{
	void *e = bpf_ringbuf_reserve(&events, size, 0);

	if (!e)
		count_drop(JREC_DROP_RINGBUF);
	return e;
}

static __always_inline void submit(void *e)
{
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
}

static __always_inline bool comm_matches(const char *comm)
{
	if (!targ_comm[0])
		return true;
#pragma unroll
	for (int i = 0; i < JREC_COMM_LEN; i++) {
		if (comm[i] != targ_comm[i])
			return false;
		if (!comm[i])
			return true;
	}
	return true;
}

/*
 * Reads of a task's fields. tp_btf programs get trusted task pointers and
 * load fields directly; raw_tp programs must go through a probe-read helper
 * call for each (measured here: about 25-40 ns each, most of a handler's
 * cost). Handlers take `btf` as a constant, so clang keeps one branch.
 */
#define TASK_READ(btf, t, field) ((btf) ? (t)->field : BPF_CORE_READ(t, field))

/* comm is NUL-padded by the kernel (strscpy_pad), so 16 plain bytes are a
 * string; under btf two 8-byte loads instead of a string-scanning helper. */
static __always_inline void task_comm(bool btf, char *dst, struct task_struct *t)
{
	if (btf) {
		const __u64 *src = (const __u64 *)t->comm;

		((__u64 *)dst)[0] = src[0];
		((__u64 *)dst)[1] = src[1];
	} else {
		BPF_CORE_READ_STR_INTO((char (*)[JREC_COMM_LEN])dst, t, comm);
	}
}

/* commit 2f064a59a1 renamed task_struct::state to __state */
struct task_struct___pre518 {
	long state;
} __attribute__((preserve_access_index));

/* A task's state bits: 0 running/runnable, 1 S, 2 D, ... */
static __always_inline __u64 task_state(bool btf, struct task_struct *t)
{
	if (bpf_core_field_exists(t->__state))
		return TASK_READ(btf, t, __state);
	return TASK_READ(btf, (struct task_struct___pre518 *)t, state);
}

/*
 * Filters. The tgid and comm filters can be asked of any task; the cgroup
 * filter only of the current one: bpf_current_task_under_cgroup is the
 * helper every program type here has (libbpf-tools' -c does the same).
 * Events that name another task (the next task of a switch, the target of
 * a wakeup) get the cgroup answer another way; see sched.bpf.c.
 */

/* exclude_tgid and the -p set. tgid 0 is the idle task. */
static __always_inline bool tgid_wanted(__u32 tgid)
{
	if (!tgid)
		return false;
	if (exclude_tgid && tgid == exclude_tgid)
		return false;
	if (filter_tgid && !bpf_map_lookup_elem(&targ_tgids, &tgid))
		return false;
	return true;
}

/* Whether the current task is under the --cgroup directory (or there is none). */
static __always_inline bool cgroup_wanted(void)
{
	if (!filter_cg)
		return true;
	/* 1 under, 0 not, < 0 if the slot is empty: then nothing is wanted */
	return bpf_current_task_under_cgroup(&cgroup_map, 0) == 1;
}

/* Whether events about this task pass the tgid and comm filters (not the
 * cgroup filter: t need not be current). */
static __always_inline bool task_wanted_of(bool btf, struct task_struct *t)
{
	if (!tgid_wanted(TASK_READ(btf, t, tgid)))
		return false;
	if (targ_comm[0]) {
		char comm[JREC_COMM_LEN];

		task_comm(btf, comm, t);
		return comm_matches(comm);
	}
	return true;
}

static __always_inline bool task_wanted(struct task_struct *t)
{
	return task_wanted_of(false, t);
}

/* All filters, for the current task, through helpers instead of probe reads. */
static __always_inline bool current_wanted(void)
{
	if (!tgid_wanted(bpf_get_current_pid_tgid() >> 32))
		return false;
	if (!cgroup_wanted())
		return false;
	if (targ_comm[0]) {
		char comm[JREC_COMM_LEN];

		bpf_get_current_comm(&comm, sizeof(comm));
		return comm_matches(comm);
	}
	return true;
}

/* Whether any filter that can drop a task is on (exclude_tgid aside). */
static __always_inline bool any_filter(void)
{
	return filter_tgid || filter_cg || targ_comm[0];
}

/* The header naming task t, stamped now: one clock read per event. */
static __always_inline void fill_hdr_at(bool btf, struct jrec_hdr *h, __u16 kind,
					struct task_struct *t, __u64 now)
{
	h->kind = kind;
	h->cpu = bpf_get_smp_processor_id();
	h->pid = TASK_READ(btf, t, tgid);
	h->tid = TASK_READ(btf, t, pid);
	h->flags = 0;
	h->ts = now;
	task_comm(btf, h->comm, t);
}

static __always_inline void fill_hdr(struct jrec_hdr *h, __u16 kind, struct task_struct *t)
{
	fill_hdr_at(false, h, kind, t, bpf_ktime_get_ns());
}

static __always_inline struct task_struct *current_task(void)
{
	return (struct task_struct *)bpf_get_current_task();
}

/* current, as a pointer that tp_btf programs may load from directly */
static __always_inline struct task_struct *current_task_of(bool btf)
{
	return btf ? bpf_get_current_task_btf() : current_task();
}

/*
 * Handlers are written once and wrapped twice: SEC("tp_btf/...") (cheapest,
 * needs kernel BTF and trampolines) and SEC("raw_tp/...") (works without).
 * The loader turns one set off with bpf_program__set_autoload; program names
 * start with btf_ or raw_ accordingly. Bodies read through BPF_CORE_READ so
 * the same code verifies under both program types.
 */

char LICENSE[] SEC("license") = "GPL";

#endif /* __JREC_COMMON_BPF_H */
