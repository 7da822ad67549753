// SPDX-License-Identifier: GPL-2.0
/*
 * Process lifecycle: exec (filename + argv), fork, exit. All three run in
 * the context of the task they are about (fork: the parent's), so the
 * cgroup filter asks about the current task; a child starts in its
 * parent's cgroup (clone3's CLONE_INTO_CGROUP aside).
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
