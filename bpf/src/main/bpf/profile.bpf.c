// SPDX-License-Identifier: GPL-2.0
/*
 * On-CPU profile: a perf_event program run by per-CPU timer events
 * (PERF_COUNT_SW_CPU_CLOCK at a frequency, opened and attached by
 * dev.jrec.bpf.perf). Each sample is a jrec_cpu_sample naming the task on
 * CPU and the ids of its kernel and user stacks in the "stacks" map.
 */
#include "jrec_common.bpf.h"

/* Samples of idle CPUs (pid 0) are kept, as perf keeps them as swapper:
 * kernel stack only, flagged JREC_F_IDLE. Off with any task filter. */
const volatile bool keep_idle = true;

/* Loader may resize before load. Never BPF_F_REUSE_STACKID: an id the
 * reader has not read yet must keep its stack, so a collision fails
 * (-EEXIST) and is counted instead of silently replacing an older stack. */
#define MAX_STACKS	16384

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, MAX_STACKS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, JREC_STACK_DEPTH * sizeof(__u64));
} stacks SEC(".maps");

/* Keeps the record type in this object's BTF (see jrec_btf_anchor). */
const volatile struct {
	struct jrec_cpu_sample cpu_sample[0];
	__u32 nonempty;
} jrec_profile_btf_anchor = {};

static __always_inline __s32 stack_id(void *ctx, __u64 flags)
{
	__s32 id = bpf_get_stackid(ctx, &stacks, flags);

	if (id < 0 && id != -JREC_EFAULT)
		count_drop(JREC_DROP_STACK);
	return id;
}

SEC("perf_event")
int profile_sample(struct bpf_perf_event_data *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, pid = id >> 32;
	struct jrec_cpu_sample *e;
	bool idle = tid == 0;

	if (idle) {
		if (!keep_idle || any_filter())
			return 0;
	} else if (!current_wanted()) {
		return 0;
	}

	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	e->hdr.kind = JREC_CPU_SAMPLE;
	e->hdr.cpu = bpf_get_smp_processor_id();
	e->hdr.pid = pid;
	e->hdr.tid = tid;
	e->hdr.flags = idle ? JREC_F_IDLE : 0;
	e->hdr.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&e->hdr.comm, sizeof(e->hdr.comm));
	e->kstack_id = stack_id(ctx, 0);
	e->ustack_id = idle ? -JREC_EFAULT : stack_id(ctx, BPF_F_USER_STACK);
	submit(e);
	return 0;
}
