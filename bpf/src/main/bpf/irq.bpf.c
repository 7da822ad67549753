// SPDX-License-Identifier: GPL-2.0
/*
 * Hard and soft IRQ handler time, libbpf-tools' hardirqs/softirqs style:
 * irq:irq_handler_entry/exit and irq:softirq_entry/exit paired per CPU in
 * the kernel, one record per handler run with its duration, naming the
 * task the interrupt ran over (current).
 *
 * Recorded whatever the filters say: an interrupt belongs to no task, and
 * the one it interrupts is chance. Time stolen from a process is a
 * question for the report (its -p), which needs every run to answer it.
 *
 * A hard IRQ handler runs with interrupts off and softirqs never nest, so
 * a CPU has at most one of each in flight: a per-CPU slot for each, no
 * hashing, nothing to fill up. Two slots, since a hard IRQ can interrupt
 * a softirq handler (not the reverse).
 */
#include "jrec_common.bpf.h"

struct inflight {
	__u64 hard_ts;		/* irq_handler_entry; 0 when none is in flight */
	__u64 soft_ts;		/* softirq_entry; 0 when none is in flight */
	__s32 hard_irq;		/* the irq entered, to check exit against */
	__u32 soft_vec;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct inflight);
} inflight SEC(".maps");

static __always_inline struct inflight *slot(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&inflight, &zero);
}

static __always_inline int hard_entry(int irq)
{
	struct inflight *in = slot();

	if (!in)
		return 0;
	in->hard_ts = bpf_ktime_get_ns();
	in->hard_irq = irq;
	return 0;
}

/* An exit with no entry (the handler was running when we attached) or
 * another irq's entry is left out: its duration is unknown. */
static __always_inline int hard_exit(bool btf, int irq, struct irqaction *action, int ret)
{
	struct inflight *in = slot();
	struct jrec_hardirq *e;
	const char *name;
	__u64 now, start;
	long n;

	if (!in || !in->hard_ts)
		return 0;
	start = in->hard_ts;
	in->hard_ts = 0;
	if (in->hard_irq != irq)
		return 0;
	now = bpf_ktime_get_ns();
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr_at(btf, &e->hdr, JREC_HARDIRQ, current_task_of(btf), now);
	e->irq = irq;
	e->ret = ret;
	e->duration_ns = now - start;
	name = btf ? action->name : BPF_CORE_READ(action, name);
	n = bpf_probe_read_kernel_str(e->name, sizeof(e->name), name);
	if (n < 0)
		e->name[0] = 0;
	else if (n == sizeof(e->name))	/* maybe cut: a name of exactly 31 bytes reads as cut too */
		e->hdr.flags |= JREC_F_TRUNCATED;
	submit(e);
	return 0;
}

static __always_inline int soft_entry(unsigned int vec)
{
	struct inflight *in = slot();

	if (!in)
		return 0;
	in->soft_ts = bpf_ktime_get_ns();
	in->soft_vec = vec;
	return 0;
}

static __always_inline int soft_exit(bool btf, unsigned int vec)
{
	struct inflight *in = slot();
	struct jrec_softirq *e;
	__u64 now, start;

	if (!in || !in->soft_ts)
		return 0;
	start = in->soft_ts;
	in->soft_ts = 0;
	if (in->soft_vec != vec)
		return 0;
	now = bpf_ktime_get_ns();
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr_at(btf, &e->hdr, JREC_SOFTIRQ, current_task_of(btf), now);
	e->vec = vec;
	e->_pad = 0;
	e->duration_ns = now - start;
	submit(e);
	return 0;
}

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(btf_irq_handler_entry, int irq, struct irqaction *action)
{
	return hard_entry(irq);
}

SEC("raw_tp/irq_handler_entry")
int BPF_PROG(raw_irq_handler_entry, int irq, struct irqaction *action)
{
	return hard_entry(irq);
}

SEC("tp_btf/irq_handler_exit")
int BPF_PROG(btf_irq_handler_exit, int irq, struct irqaction *action, int ret)
{
	return hard_exit(true, irq, action, ret);
}

SEC("raw_tp/irq_handler_exit")
int BPF_PROG(raw_irq_handler_exit, int irq, struct irqaction *action, int ret)
{
	return hard_exit(false, irq, action, ret);
}

SEC("tp_btf/softirq_entry")
int BPF_PROG(btf_softirq_entry, unsigned int vec)
{
	return soft_entry(vec);
}

SEC("raw_tp/softirq_entry")
int BPF_PROG(raw_softirq_entry, unsigned int vec)
{
	return soft_entry(vec);
}

SEC("tp_btf/softirq_exit")
int BPF_PROG(btf_softirq_exit, unsigned int vec)
{
	return soft_exit(true, vec);
}

SEC("raw_tp/softirq_exit")
int BPF_PROG(raw_softirq_exit, unsigned int vec)
{
	return soft_exit(false, vec);
}
