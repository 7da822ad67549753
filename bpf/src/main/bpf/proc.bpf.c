// SPDX-License-Identifier: GPL-2.0
/*
 * Process lifecycle: exec (filename + argv), fork, exit. All three run in
 * the context of the task they are about (fork: the parent's), so the
 * cgroup filter asks about the current task; a child starts in its
 * parent's cgroup (clone3's CLONE_INTO_CGROUP aside).
 *
 * Signals sent (signal_generate), killsnoop's events but from every sender,
 * and hung tasks (sched_process_hang, khungtaskd's reports).
 *
 * And OOM kills (oom:mark_victim), through the classic tracepoint: its raw
 * arguments changed (int pid, then a task pointer in 6.8) while its
 * record's fields only grew, which CO-RE can test one by one. They are
 * recorded whatever the filters say: current is whichever task's
 * allocation ran the OOM killer, not the victim, and a kill is rare and
 * news for every incident.
 */
#include "jrec_common.bpf.h"

/* Emit an exit for every thread, not only for thread group leaders. */
const volatile bool exit_all_threads = false;

static __always_inline int handle_exec(struct task_struct *p, pid_t old_tid,
				       struct linux_binprm *bprm)
{
	struct jrec_proc_exec *e;
	unsigned long start, end;
	__u64 size, len;

	if (!task_wanted(p) || !cgroup_wanted())
		return 0;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr(&e->hdr, JREC_PROC_EXEC, p);
	e->ppid = BPF_CORE_READ(p, real_parent, tgid);
	e->old_tid = old_tid;
	e->cgroup_id = bpf_get_current_cgroup_id();
	if (bpf_probe_read_kernel_str(&e->filename, sizeof(e->filename),
				      BPF_CORE_READ(bprm, filename)) < 0) {
		e->filename[0] = 0;
		count_drop(JREC_DROP_READ);
	}

	/* The new image's argv is on its fresh stack, already faulted in. */
	start = BPF_CORE_READ(p, mm, arg_start);
	end = BPF_CORE_READ(p, mm, arg_end);
	size = end > start ? end - start : 0;
	e->args_size = size;
	len = size;
	if (len > JREC_ARGS_LEN) {
		len = JREC_ARGS_LEN;
		e->hdr.flags |= JREC_F_TRUNCATED;
	}
	e->args_len = 0;
	if (len) {
		if (bpf_probe_read_user(&e->args, len, (void *)start) == 0)
			e->args_len = len;
		else
			count_drop(JREC_DROP_READ);
	}
	submit(e);
	return 0;
}

static __always_inline int handle_fork(struct task_struct *parent, struct task_struct *child)
{
	struct jrec_proc_fork *e;

	if (!task_wanted(parent) && !task_wanted(child))
		return 0;
	if (!cgroup_wanted())
		return 0;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr(&e->hdr, JREC_PROC_FORK, parent);
	e->child_pid = BPF_CORE_READ(child, tgid);
	e->child_tid = BPF_CORE_READ(child, pid);
	BPF_CORE_READ_STR_INTO(&e->child_comm, child, comm);
	e->cgroup_id = bpf_get_current_cgroup_id();
	submit(e);
	return 0;
}

static __always_inline int handle_exit(struct task_struct *p)
{
	struct jrec_proc_exit *e;
	bool leader = BPF_CORE_READ(p, pid) == BPF_CORE_READ(p, tgid);

	if (!leader && !exit_all_threads)
		return 0;
	if (!task_wanted(p) || !cgroup_wanted())
		return 0;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr(&e->hdr, JREC_PROC_EXIT, p);
	if (leader)
		e->hdr.flags |= JREC_F_GROUP_LEADER;
	e->exit_code = BPF_CORE_READ(p, exit_code);
	e->ppid = BPF_CORE_READ(p, real_parent, tgid);
	submit(e);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(btf_sched_process_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	return handle_exec(p, old_pid, bprm);
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(raw_sched_process_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	return handle_exec(p, old_pid, bprm);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(btf_sched_process_fork, struct task_struct *parent, struct task_struct *child)
{
	return handle_fork(parent, child);
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(raw_sched_process_fork, struct task_struct *parent, struct task_struct *child)
{
	return handle_fork(parent, child);
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

SEC("tp/oom/mark_victim")
int oom_mark_victim(struct trace_event_raw_mark_victim *ctx)
{
	struct jrec_oom_kill *e;

	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	__builtin_memset(e, 0, sizeof(*e));
	e->hdr.kind = JREC_OOM_KILL;
	e->hdr.cpu = bpf_get_smp_processor_id();
	e->hdr.pid = BPF_CORE_READ(ctx, pid);
	e->hdr.tid = e->hdr.pid;
	e->hdr.ts = bpf_ktime_get_ns();
	if (bpf_core_field_exists(ctx->__data_loc_comm)) {
		__u32 loc = BPF_CORE_READ(ctx, __data_loc_comm);

		bpf_probe_read_kernel_str(e->hdr.comm, sizeof(e->hdr.comm), (void *)ctx + (loc & 0xffff));
	}
	if (bpf_core_field_exists(ctx->total_vm)) {
		e->total_vm_kb = BPF_CORE_READ(ctx, total_vm);
		e->anon_rss_kb = BPF_CORE_READ(ctx, anon_rss);
		e->file_rss_kb = BPF_CORE_READ(ctx, file_rss);
		e->shmem_rss_kb = BPF_CORE_READ(ctx, shmem_rss);
	}
	if (bpf_core_field_exists(ctx->uid))
		e->uid = BPF_CORE_READ(ctx, uid);
	if (bpf_core_field_exists(ctx->pgtables))
		e->pgtables_kb = BPF_CORE_READ(ctx, pgtables);
	if (bpf_core_field_exists(ctx->oom_score_adj))
		e->oom_score_adj = BPF_CORE_READ(ctx, oom_score_adj);
	submit(e);
	return 0;
}

static __always_inline int handle_signal(int sig, struct task_struct *t, int group, int result)
{
	struct task_struct *cur = current_task();
	struct jrec_signal *e;

	if (!task_wanted(cur) && !task_wanted(t))
		return 0;
	if (!cgroup_wanted())
		return 0;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr(&e->hdr, JREC_SIGNAL, cur);
	e->target_pid = BPF_CORE_READ(t, tgid);
	e->target_tid = BPF_CORE_READ(t, pid);
	e->sig = sig;
	e->result = result;
	e->group = group;
	e->_pad = 0;
	BPF_CORE_READ_STR_INTO(&e->target_comm, t, comm);
	submit(e);
	return 0;
}

SEC("tp_btf/signal_generate")
int BPF_PROG(btf_signal_generate, int sig, struct kernel_siginfo *info, struct task_struct *t, int group, int result)
{
	return handle_signal(sig, t, group, result);
}

SEC("raw_tp/signal_generate")
int BPF_PROG(raw_signal_generate, int sig, struct kernel_siginfo *info, struct task_struct *t, int group, int result)
{
	return handle_signal(sig, t, group, result);
}

/* Recorded whatever the filters say, as OOM kills are: rare, and news. */
static __always_inline int handle_hang(struct task_struct *t)
{
	struct jrec_hung_task *e = reserve(sizeof(*e));

	if (!e)
		return 0;
	fill_hdr(&e->hdr, JREC_HUNG_TASK, t);
	e->state = task_state(false, t);
	submit(e);
	return 0;
}

SEC("tp_btf/sched_process_hang")
int BPF_PROG(btf_sched_process_hang, struct task_struct *t)
{
	return handle_hang(t);
}

SEC("raw_tp/sched_process_hang")
int BPF_PROG(raw_sched_process_hang, struct task_struct *t)
{
	return handle_hang(t);
}
