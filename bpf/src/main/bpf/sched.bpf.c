// SPDX-License-Identifier: GPL-2.0
/* Scheduler events: switch (with on-CPU and run-queue wait), wakeups, migrations. */
#include "jrec_common.bpf.h"

#define TASK_RUNNING	0

/* Loader may resize before load; a full map counts JREC_DROP_MAP_FULL. */
#define MAX_TASKS	16384

struct task_times {
	__u64 enqueued;		/* when it became runnable and not on a CPU; 0 if not */
	__u64 oncpu;		/* when it was last switched in; 0 if unknown */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_TASKS);
	__type(key, __u32);
	__type(value, struct task_times);
} times SEC(".maps");

/* commit 2f064a59a1 renamed task_struct::state to __state */
struct task_struct___pre518 {
	long state;
} __attribute__((preserve_access_index));

static __always_inline __u64 task_state(struct task_struct *t)
{
	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((struct task_struct___pre518 *)t, state);
}

static __always_inline struct task_times *times_of(__u32 tid)
{
	struct task_times *tt = bpf_map_lookup_elem(&times, &tid);
	struct task_times zero = {};

	if (tt)
		return tt;
	/* fails when full, or when another CPU raced us in: the lookup decides */
	bpf_map_update_elem(&times, &tid, &zero, BPF_NOEXIST);
	tt = bpf_map_lookup_elem(&times, &tid);
	if (!tt)
		count_drop(JREC_DROP_MAP_FULL);
	return tt;
}

static __always_inline int task_cpu(struct task_struct *t)
{
	return BPF_CORE_READ(t, thread_info.cpu);
}

/*
 * The cgroup filter. bpf_current_task_under_cgroup answers only for the
 * current task, which at sched_switch is prev (runqlat -c filters on it
 * too). The next task of a switch and the target of a wakeup or migration
 * are not current, so with filter_cg on their answer is remembered in
 * times: an entry is created only when a task is switched out under the
 * cgroup, and deleted when it is switched out outside it. Then
 *  - a switch is recorded if prev is under the cgroup or next has an entry;
 *  - a wakeup or migration is recorded if its target has an entry.
 * So a task is known from its first switch-out after attach (or after it
 * moved in): a wakeup or switch-in before that is not recorded, and one
 * moved out while runnable is still recorded until its next switch-out.
 * The tgid and comm filters are asked of each task named, as before.
 */
static __always_inline struct task_times *known_in_cgroup(struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);

	return bpf_map_lookup_elem(&times, &tid);
}

/* The task times of a wanted task that is not current, or NULL if the
 * cgroup filter leaves it out (or the map is full). */
static __always_inline struct task_times *other_times(struct task_struct *p)
{
	if (filter_cg)
		return known_in_cgroup(p);
	return times_of(BPF_CORE_READ(p, pid));
}

static __always_inline int handle_switch(bool preempt, struct task_struct *prev,
					 struct task_struct *next)
{
	bool want_prev = task_wanted(prev), want_next = task_wanted(next);
	struct task_times *tt, *next_tt = NULL;
	struct jrec_sched_switch *e;
	__u64 now = bpf_ktime_get_ns(), oncpu = 0, wait = 0, state;

	if (filter_cg) {
		if (want_prev && !cgroup_wanted()) {	/* current is prev */
			__u32 tid = BPF_CORE_READ(prev, pid);

			bpf_map_delete_elem(&times, &tid);	/* moved out, if it was in */
			want_prev = false;
		}
		if (want_next) {
			next_tt = known_in_cgroup(next);
			want_next = next_tt != NULL;
		}
	}
	if (!want_prev && !want_next)
		return 0;

	state = task_state(prev);
	if (want_prev) {
		tt = times_of(BPF_CORE_READ(prev, pid));
		if (tt) {
			if (tt->oncpu)
				oncpu = now - tt->oncpu;
			tt->oncpu = 0;
			/* preempted or still runnable: it waits in the run queue from now */
			tt->enqueued = preempt || state == TASK_RUNNING ? now : 0;
		}
	}
	if (want_next) {
		tt = filter_cg ? next_tt : times_of(BPF_CORE_READ(next, pid));
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
	fill_hdr(&e->hdr, JREC_SCHED_SWITCH, prev);
	e->hdr.ts = now;
	if (preempt)
		e->hdr.flags |= JREC_F_PREEMPT;
	e->next_pid = BPF_CORE_READ(next, tgid);
	e->next_tid = BPF_CORE_READ(next, pid);
	e->prev_prio = BPF_CORE_READ(prev, prio);
	e->next_prio = BPF_CORE_READ(next, prio);
	e->prev_state = state;
	e->prev_oncpu_ns = oncpu;
	e->next_rq_wait_ns = wait;
	BPF_CORE_READ_STR_INTO(&e->next_comm, next, comm);
	submit(e);
	return 0;
}

static __always_inline int emit_wakeup(__u16 kind, struct task_struct *p, int orig_cpu,
				       int dest_cpu)
{
	struct jrec_sched_wakeup *e;

	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr(&e->hdr, kind, current_task());
	e->target_pid = BPF_CORE_READ(p, tgid);
	e->target_tid = BPF_CORE_READ(p, pid);
	e->target_prio = BPF_CORE_READ(p, prio);
	e->target_cpu = dest_cpu;
	e->orig_cpu = orig_cpu;
	e->_pad = 0;
	BPF_CORE_READ_STR_INTO(&e->target_comm, p, comm);
	submit(e);
	return 0;
}

/* The target is filtered, not the waker: a wakeup is about the woken task. */
static __always_inline int handle_wakeup(__u16 kind, struct task_struct *p)
{
	struct task_times *tt;

	if (!task_wanted(p))
		return 0;
	tt = other_times(p);
	if (tt)
		tt->enqueued = bpf_ktime_get_ns();
	else if (filter_cg)
		return 0;
	return emit_wakeup(kind, p, -1, task_cpu(p));
}

static __always_inline int handle_migrate(struct task_struct *p, int dest_cpu)
{
	if (!task_wanted(p))
		return 0;
	if (filter_cg && !known_in_cgroup(p))
		return 0;
	return emit_wakeup(JREC_SCHED_MIGRATE, p, task_cpu(p), dest_cpu);
}

/* Keeps the bounded times map from filling with dead tids. */
static __always_inline int handle_exit(struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);

	bpf_map_delete_elem(&times, &tid);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(btf_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return handle_switch(preempt, prev, next);
}

SEC("raw_tp/sched_switch")
int BPF_PROG(raw_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	return handle_switch(preempt, prev, next);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(btf_sched_wakeup, struct task_struct *p)
{
	return handle_wakeup(JREC_SCHED_WAKEUP, p);
}

SEC("raw_tp/sched_wakeup")
int BPF_PROG(raw_sched_wakeup, struct task_struct *p)
{
	return handle_wakeup(JREC_SCHED_WAKEUP, p);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(btf_sched_wakeup_new, struct task_struct *p)
{
	return handle_wakeup(JREC_SCHED_WAKEUP_NEW, p);
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(raw_sched_wakeup_new, struct task_struct *p)
{
	return handle_wakeup(JREC_SCHED_WAKEUP_NEW, p);
}

SEC("tp_btf/sched_migrate_task")
int BPF_PROG(btf_sched_migrate_task, struct task_struct *p, int dest_cpu)
{
	return handle_migrate(p, dest_cpu);
}

SEC("raw_tp/sched_migrate_task")
int BPF_PROG(raw_sched_migrate_task, struct task_struct *p, int dest_cpu)
{
	return handle_migrate(p, dest_cpu);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(btf_sched_process_exit, struct task_struct *p)
{
	return handle_exit(p);
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(raw_sched_process_exit, struct task_struct *p)
{
	return handle_exit(p);
}
