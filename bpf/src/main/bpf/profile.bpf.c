// SPDX-License-Identifier: GPL-2.0
/*
 * On-CPU profile: a perf_event program run by per-CPU timer events
 * (PERF_COUNT_SW_CPU_CLOCK at a frequency, opened and attached by
 * dev.jrec.bpf.perf). Each sample is a jrec_cpu_sample naming the task on
 * CPU and the ids of its kernel and user stacks in the "stacks" map; with
 * ustack_bytes (--call-graph dwarf), followed by the task's user registers
 * and the top of its user stack (JREC_F_USER_REGS, see jrec_ustack.bpf.h).
 */
#include "jrec_common.bpf.h"
#include "jrec_ustack.bpf.h"
#include "jrec_stacks.bpf.h"

/* Samples of idle CPUs (pid 0) are kept, as perf keeps them as swapper:
 * kernel stack only, flagged JREC_F_IDLE. Off with any task filter. */
const volatile bool keep_idle = true;

/* Keeps the record type in this object's BTF (see jrec_btf_anchor). */
const volatile struct {
	struct jrec_cpu_sample cpu_sample[0];
	struct jrec_user_regs user_regs[0];
	__u32 nonempty;
} jrec_profile_btf_anchor = {};

/* With ustack_bytes: the record is built here, then copied to the ring
 * buffer at its actual length (reservations have a constant size). */
struct profile_scratch {
	struct jrec_cpu_sample_ustack u;
	__u8 slack[JREC_USTACK_SLACK];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct profile_scratch);
} ustack_scratch SEC(".maps");

static __always_inline __s32 stack_id(void *ctx, __u64 flags)
{
	__s32 id = bpf_get_stackid(ctx, &stacks, flags);

	if (stack_lost(id))
		count_drop(JREC_DROP_STACK);
	return id;
}

static __always_inline void fill_sample(struct bpf_perf_event_data *ctx, struct jrec_cpu_sample *e,
					__u32 pid, __u32 tid, __u32 flags)
{
	e->hdr.kind = JREC_CPU_SAMPLE;
	e->hdr.cpu = bpf_get_smp_processor_id();
	e->hdr.pid = pid;
	e->hdr.tid = tid;
	e->hdr.flags = flags;
	e->hdr.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&e->hdr.comm, sizeof(e->hdr.comm));
	e->kstack_id = stack_id(ctx, 0);
	e->ustack_id = (flags & JREC_F_IDLE) ? -JREC_EFAULT : stack_id(ctx, BPF_F_USER_STACK);
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

	if (ustack_bytes && !idle && room_for_copy()) {
		__u32 zero = 0;
		struct profile_scratch *ps = bpf_map_lookup_elem(&ustack_scratch, &zero);
		struct jrec_cpu_sample_ustack *u = ps ? &ps->u : NULL;

		if (u && copy_user_stack(&u->regs, u->stack, JREC_USTACK_MAX)) {
			__u64 len = u->regs.stack_len;

			e = &u->s;
			fill_sample(ctx, e, pid, tid, JREC_F_USER_REGS);
			if (len > JREC_USTACK_MAX)
				len = JREC_USTACK_MAX;
			if (bpf_ringbuf_output(&events, u, __builtin_offsetof(struct jrec_cpu_sample_ustack, stack) + len,
					       BPF_RB_NO_WAKEUP))
				count_drop(JREC_DROP_RINGBUF);
			return 0;
		}
	}

	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_sample(ctx, e, pid, tid, idle ? JREC_F_IDLE : 0);
	submit(e);
	return 0;
}
