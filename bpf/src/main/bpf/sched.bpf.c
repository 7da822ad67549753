// SPDX-License-Identifier: GPL-2.0
/* Scheduler events: switch (with on-CPU and run-queue wait), wakeups, migrations. */
#include "jrec_common.bpf.h"

#define TASK_RUNNING	0

struct task_times {
	__u64 enqueued;		/* when it became runnable and not on a CPU; 0 if not */
	__u64 oncpu;		/* when it was last switched in; 0 if unknown */
};

/*
 * Per-task times. tp_btf handlers keep them in task storage: no hashing,
 * freed with the task, never full. raw_tp handlers get untrusted task
 * pointers, which task storage refuses, so they use a bounded hash by tid;
 * the loader creates only the map of the flavor it loads (btf_ / raw_
 * prefix, see BpfObject).
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_times);
} btf_times SEC(".maps");

/* Loader may resize before load; a full map counts JREC_DROP_UNTIMED. */
#define MAX_TASKS	16384

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_TASKS);
	__type(key, __u32);
	__type(value, struct task_times);
} raw_times SEC(".maps");

/*
 * t's times if it has some; with create, made on first use. Making them
 * fails on a full hash, and for task storage now and then under load (an
 * atomic allocation, or a nested program holding the storage lock): the
 * switch or wakeup is still recorded, without the on-CPU or wait time these
 * times give, so it counts JREC_DROP_UNTIMED, not a lost record.
 */
static __always_inline struct task_times *times_of(bool btf, struct task_struct *t, bool create)
{
	struct task_times *tt, zero = {};
	__u32 tid;

	if (btf) {
		tt = bpf_task_storage_get(&btf_times, t, 0,
					  create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	} else {
		tid = BPF_CORE_READ(t, pid);
		tt = bpf_map_lookup_elem(&raw_times, &tid);
		if (!tt && create) {
			/* fails when full, or when another CPU raced us in: the lookup decides */
			bpf_map_update_elem(&raw_times, &tid, &zero, BPF_NOEXIST);
			tt = bpf_map_lookup_elem(&raw_times, &tid);
		}
	}
	if (!tt && create)
		count_drop(JREC_DROP_UNTIMED);
	return tt;
}

static __always_inline void times_forget(bool btf, struct task_struct *t)
{
	__u32 tid;

	if (btf) {
		bpf_task_storage_delete(&btf_times, t);
	} else {
		tid = BPF_CORE_READ(t, pid);
		bpf_map_delete_elem(&raw_times, &tid);
	}
}

static __always_inline int task_cpu(bool btf, struct task_struct *t)
{
	return TASK_READ(btf, t, thread_info.cpu);
}

/*
 * The cgroup filter. bpf_current_task_under_cgroup answers only for the
 * current task, which at sched_switch is prev (runqlat -c filters on it
 * too). The next task of a switch and the target of a wakeup or migration
 * are not current, so with filter_cg on their answer is remembered in
 * their times: created only when a task is switched out under the
 * cgroup, and deleted when it is switched out outside it. Then
 *  - a switch is recorded if prev is under the cgroup or next has times;
 *  - a wakeup or migration is recorded if its target has times.
 * So a task is known from its first switch-out after attach (or after it
 * moved in): a wakeup or switch-in before that is not recorded, and one
 * moved out while runnable is still recorded until its next switch-out.
 * The tgid and comm filters are asked of each task named, as before.
 */

/* The times of a wanted task that is not current, or NULL if the cgroup
 * filter leaves it out (or there is no room). */
static __always_inline struct task_times *other_times(bool btf, struct task_struct *p)
{
	return times_of(btf, p, !filter_cg);
}

static __always_inline int handle_switch(bool btf, bool preempt, struct task_struct *prev,
					 struct task_struct *next)
{
	bool want_prev = task_wanted_of(btf, prev), want_next = task_wanted_of(btf, next);
	struct task_times *tt, *next_tt = NULL;
	struct jrec_sched_switch *e;
	__u64 now, oncpu = 0, wait = 0, state;

	if (filter_cg) {
		if (want_prev && !cgroup_wanted()) {	/* current is prev */
			times_forget(btf, prev);	/* moved out, if it was in */
			want_prev = false;
		}
		if (want_next) {
			next_tt = times_of(btf, next, false);
			want_next = next_tt != NULL;
		}
	}
	if (!want_prev && !want_next)
		return 0;

	now = bpf_ktime_get_ns();
	state = task_state(btf, prev);
	if (want_prev) {
		tt = times_of(btf, prev, true);
		if (tt) {
			if (tt->oncpu)
				oncpu = now - tt->oncpu;
			tt->oncpu = 0;
			/* preempted or still runnable: it waits in the run queue from now */
			tt->enqueued = preempt || state == TASK_RUNNING ? now : 0;
		}
	}
	if (want_next) {
		tt = filter_cg ? next_tt : times_of(btf, next, true);
		if (tt) {
			if (tt->enqueued)
				wait = now - tt->enqueued;
			tt->enqueued = 0;
			tt->oncpu = now;
		}
	}

	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr_at(btf, &e->hdr, JREC_SCHED_SWITCH, prev, now);
	if (preempt)
		e->hdr.flags |= JREC_F_PREEMPT;
	e->next_pid = TASK_READ(btf, next, tgid);
	e->next_tid = TASK_READ(btf, next, pid);
	e->prev_prio = TASK_READ(btf, prev, prio);
	e->next_prio = TASK_READ(btf, next, prio);
	e->prev_state = state;
	e->prev_oncpu_ns = oncpu;
	e->next_rq_wait_ns = wait;
	task_comm(btf, e->next_comm, next);
	submit(e);
	return 0;
}

static __always_inline int emit_wakeup(bool btf, __u16 kind, struct task_struct *p, int orig_cpu,
				       int dest_cpu, __u64 now)
{
	struct jrec_sched_wakeup *e;

	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr_at(btf, &e->hdr, kind, current_task_of(btf), now);
	e->target_pid = TASK_READ(btf, p, tgid);
	e->target_tid = TASK_READ(btf, p, pid);
	e->target_prio = TASK_READ(btf, p, prio);
	e->target_cpu = dest_cpu;
	e->orig_cpu = orig_cpu;
	e->_pad = 0;
	task_comm(btf, e->target_comm, p);
	submit(e);
	return 0;
}

/* The target is filtered, not the waker: a wakeup is about the woken task. */
static __always_inline int handle_wakeup(bool btf, __u16 kind, struct task_struct *p)
{
	struct task_times *tt;
	__u64 now;

	if (!task_wanted_of(btf, p))
		return 0;
	now = bpf_ktime_get_ns();
	tt = other_times(btf, p);
	if (tt)
		tt->enqueued = now;
	else if (filter_cg)
		return 0;
	return emit_wakeup(btf, kind, p, -1, task_cpu(btf, p), now);
}

static __always_inline int handle_migrate(bool btf, struct task_struct *p, int dest_cpu)
{
	if (!task_wanted_of(btf, p))
		return 0;
	if (filter_cg && !times_of(btf, p, false))
		return 0;
	return emit_wakeup(btf, JREC_SCHED_MIGRATE, p, task_cpu(btf, p), dest_cpu,
			   bpf_ktime_get_ns());
}

SEC("tp_btf/sched_switch")
int BPF_PROG(btf_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return handle_switch(true, preempt, prev, next);
}

SEC("raw_tp/sched_switch")
int BPF_PROG(raw_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return handle_switch(false, preempt, prev, next);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(btf_sched_wakeup, struct task_struct *p)
{
	return handle_wakeup(true, JREC_SCHED_WAKEUP, p);
}

SEC("raw_tp/sched_wakeup")
int BPF_PROG(raw_sched_wakeup, struct task_struct *p)
{
	return handle_wakeup(false, JREC_SCHED_WAKEUP, p);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(btf_sched_wakeup_new, struct task_struct *p)
{
	return handle_wakeup(true, JREC_SCHED_WAKEUP_NEW, p);
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(raw_sched_wakeup_new, struct task_struct *p)
{
	return handle_wakeup(false, JREC_SCHED_WAKEUP_NEW, p);
}

SEC("tp_btf/sched_migrate_task")
int BPF_PROG(btf_sched_migrate_task, struct task_struct *p, int dest_cpu)
{
	return handle_migrate(true, p, dest_cpu);
}

SEC("raw_tp/sched_migrate_task")
int BPF_PROG(raw_sched_migrate_task, struct task_struct *p, int dest_cpu)
{
	return handle_migrate(false, p, dest_cpu);
}

/* Keeps the bounded hash from filling with dead tids (task storage goes
 * with its task by itself). */
SEC("raw_tp/sched_process_exit")
int BPF_PROG(raw_sched_process_exit, struct task_struct *p)
{
	times_forget(false, p);
	return 0;
}
