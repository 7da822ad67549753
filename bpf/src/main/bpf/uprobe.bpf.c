// SPDX-License-Identifier: GPL-2.0
/*
 * User-space probes, as bpftrace's uprobe/uretprobe/usdt and BCC's trace,
 * funccount, funclatency and memleak see them:
 *  - uprobe_entry at a function's first instruction: a record per call
 *    (JREC_UPROBE), or, for a timed probe, the call's state kept per thread
 *    until uretprobe_return pairs it with its return (one JREC_URETPROBE
 *    record: duration and return value with the entry's arguments);
 *  - usdt_fire at a USDT note (libbpf's usdt.bpf.h reads its arguments, and
 *    the loader's attach handles its semaphore): JREC_USDT.
 * Each program is attached once per probe point with the probe's index as
 * its BPF cookie; the index selects the probe's spec: which arguments to
 * record, which one is a string, whether the call is timed.
 * With ustack_bytes (--uprobe-stacks dwarf) a probe that takes stacks also
 * sends the caller's registers and stack top at the entry, for unwinding
 * with .eh_frame through code without frame pointers (JREC_UPROBE_USTACK).
 */
#include "jrec_common.bpf.h"
#include "jrec_stacks.bpf.h"
#include "jrec_ustack.bpf.h"
#include <bpf/usdt.bpf.h>

#define MAX_PROBES	64
/* Loader may resize before load; a full map counts JREC_DROP_MAP_FULL. */
#define MAX_CALLS	16384

struct probe_spec {
	__u8 nargs;			/* integer arguments recorded, at most JREC_UPROBE_ARGS */
	__u8 arg[JREC_UPROBE_ARGS];	/* their positions (0-based) among the call's or the note's arguments */
	__s8 str_arg;			/* position of the string argument, -1 for none */
	__u8 timed;			/* paired with the return (uretprobe) */
	__u8 stack;			/* take the user stack */
	__u8 sampled;			/* record 1 call in sample_every (else every call: memleak's frees) */
	__u8 deref;			/* bit i: recorded argument i points to the 8 bytes to record instead, read
					 * at the return for a timed call (an out-parameter: posix_memalign's
					 * address), at the call otherwise */
	__u8 _pad[4];
};

/* Set by the loader before load, one per probe (the cookie indexes it). */
const volatile struct probe_spec probe_specs[MAX_PROBES] = {};
/* Record 1 call in sample_every per probe and CPU (--uprobe-sample). */
const volatile __u32 sample_every = 1;

/* Keeps the spec's type in the object's BTF, so the loader can check its mirror. */
const volatile struct {
	struct probe_spec spec[0];
	struct jrec_uprobe_ustack uprobe_ustack[0];
	__u32 nonempty;
} jrec_uprobe_btf_anchor = {};

/* The stack copy is built here, then sent at its actual length. */
struct uprobe_scratch {
	struct jrec_uprobe_ustack_copy c;
	__u8 slack[JREC_USTACK_SLACK];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct uprobe_scratch);
} ustack_scratch SEC(".maps");

struct call_key {
	__u32 tid;
	__u32 probe;
};

struct call {
	__u64 ts;
	__u64 args[JREC_UPROBE_ARGS];
	__u64 str_ptr;
	__u64 caller_ip;
	__s32 ustack_id;
	__u32 _pad;
};

/* LRU: a thread that exits (or longjmps) out of a timed call never returns from it. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_CALLS);
	__type(key, struct call_key);
	__type(value, struct call);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_PROBES);
	__type(key, __u32);
	__type(value, __u64);
} sample_counts SEC(".maps");

static __always_inline bool sampled(__u32 probe, const volatile struct probe_spec *spec)
{
	__u64 *n;

	if (sample_every <= 1 || !spec->sampled)
		return true;
	n = bpf_map_lookup_elem(&sample_counts, &probe);
	if (!n)
		return false;
	return ++*n % sample_every == 0;	/* per-CPU slot: no atomics needed */
}

/* A function's register arguments, read once at constant offsets: the verifier
 * refuses ctx accesses at an offset chosen at run time. Slots 6 and 7 stay 0. */
static __always_inline void call_args(struct pt_regs *ctx, __u64 regs[8])
{
	regs[0] = PT_REGS_PARM1(ctx);
	regs[1] = PT_REGS_PARM2(ctx);
	regs[2] = PT_REGS_PARM3(ctx);
	regs[3] = PT_REGS_PARM4(ctx);
	regs[4] = PT_REGS_PARM5(ctx);
	regs[5] = JREC_PT_REGS_PARM6(ctx);
	regs[6] = 0;
	regs[7] = 0;
}

static __always_inline __s32 user_stack(void *ctx, const volatile struct probe_spec *spec)
{
	__s32 id;

	if (!spec->stack)
		return -JREC_EFAULT;
	id = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	if (stack_lost(id))
		count_drop(JREC_DROP_STACK);
	return id;
}

/* The calling thread, through helpers: cheaper than reading its task_struct. */
static __always_inline void fill_current_hdr(struct jrec_hdr *h, __u16 kind, __u64 now)
{
	__u64 id = bpf_get_current_pid_tgid();

	h->kind = kind;
	h->cpu = bpf_get_smp_processor_id();
	h->pid = id >> 32;
	h->tid = (__u32)id;
	h->flags = 0;
	h->ts = now;
	bpf_get_current_comm(&h->comm, sizeof(h->comm));
}

/* --uprobe-stacks dwarf: the caller's registers and stack top, sent before the call's record, which user
 * space matches it to by tid, probe and entry ts. Skipped (the frame-pointer stack stands) while the
 * ring buffer is half full: a storm of calls then loses its copies, not its calls. */
static __always_inline void send_stack_copy(__u32 probe, __u64 entry)
{
	__u32 zero = 0;
	struct uprobe_scratch *us;
	__u64 len;

	if (!ustack_bytes || !room_for_copy())
		return;
	us = bpf_map_lookup_elem(&ustack_scratch, &zero);
	if (!us || !copy_user_stack(&us->c.regs, us->c.stack, JREC_USTACK_MAX))
		return;
	fill_current_hdr(&us->c.u.hdr, JREC_UPROBE_USTACK, entry);
	us->c.u.hdr.flags = JREC_F_USER_REGS;
	us->c.u.probe = probe;
	us->c.u._pad = 0;
	len = us->c.regs.stack_len;
	if (len > JREC_USTACK_MAX)
		len = JREC_USTACK_MAX;
	if (bpf_ringbuf_output(&events, &us->c, __builtin_offsetof(struct jrec_uprobe_ustack_copy, stack) + len, BPF_RB_NO_WAKEUP))
		count_drop(JREC_DROP_RINGBUF);
}

/* One record; the string (if the spec has one) read from str_ptr in the caller's memory. */
static __always_inline void emit(void *ctx, __u16 kind, __u32 probe, const volatile struct probe_spec *spec,
				 __u64 now, struct call *c, __u64 duration, __s64 ret)
{
	struct jrec_uprobe *e;
	bool str = spec->str_arg >= 0;

	e = reserve(str ? sizeof(struct jrec_uprobe_str) : sizeof(struct jrec_uprobe));
	if (!e)
		return;
	fill_current_hdr(&e->hdr, kind, now);
	e->probe = probe;
	e->ustack_id = c->ustack_id;
#pragma unroll
	for (int i = 0; i < JREC_UPROBE_ARGS; i++)
		e->args[i] = c->args[i];
	e->duration_ns = duration;
	e->ret = ret;
	e->caller_ip = c->caller_ip;
#pragma unroll
	for (int i = 0; i < JREC_UPROBE_ARGS; i++) {
		if ((spec->deref & (1u << i)) && bpf_probe_read_user(&e->args[i], sizeof(e->args[i]), (void *)c->args[i])) {
			e->args[i] = 0;
			count_drop(JREC_DROP_READ);
		}
	}
	if (str) {
		struct jrec_uprobe_str *s = (void *)e;
		long n = bpf_probe_read_user_str(s->str, sizeof(s->str), (void *)c->str_ptr);

		e->hdr.flags |= JREC_F_STR_ARG;
		if (n < 0) {
			s->str[0] = 0;
			count_drop(JREC_DROP_READ);
		} else if (n == sizeof(s->str)) {
			e->hdr.flags |= JREC_F_TRUNCATED;
		}
	}
	submit(e);
}

/* Masked as well as checked: clang indexes with a copy of probe the check did not
 * bound, and drops a plain mask it can prove redundant; the empty asm hides the value. */
static __always_inline const volatile struct probe_spec *spec_of(__u32 probe)
{
	asm volatile("" : "+r"(probe));
	return &probe_specs[probe & (MAX_PROBES - 1)];
}

/* The probe's spec, if this call is one to record. */
static __always_inline const volatile struct probe_spec *wanted(__u32 probe)
{
	const volatile struct probe_spec *spec = spec_of(probe);

	if (probe >= MAX_PROBES || !current_wanted() || !sampled(probe, spec))
		return 0;
	return spec;
}

SEC("uprobe")
int uprobe_entry(struct pt_regs *ctx)
{
	__u32 probe = (__u32)bpf_get_attach_cookie(ctx);
	const volatile struct probe_spec *spec = wanted(probe);
	struct call c = {};
	__u64 regs[8];

	if (!spec)
		return 0;
	c.ts = bpf_ktime_get_ns();
	call_args(ctx, regs);
#pragma unroll
	for (int i = 0; i < JREC_UPROBE_ARGS; i++) {
		if (i < spec->nargs)
			c.args[i] = regs[spec->arg[i] & 7];
	}
	if (spec->str_arg >= 0)
		c.str_ptr = regs[spec->str_arg & 7];
	c.ustack_id = user_stack(ctx, spec);
	/* the caller goes back into the stack (see jrec_uprobe): without one, not worth a user read per call */
	if (spec->stack) {
		if (bpf_probe_read_user(&c.caller_ip, sizeof(c.caller_ip), (void *)PT_REGS_SP(ctx)))
			c.caller_ip = 0;
		send_stack_copy(probe, c.ts);
	}
	if (spec->timed) {
		struct call_key key = { .tid = (__u32)bpf_get_current_pid_tgid(), .probe = probe };

		/* a recursive call replaces its caller's state: the innermost call is timed, as funclatency does */
		if (bpf_map_update_elem(&calls, &key, &c, BPF_ANY))
			count_drop(JREC_DROP_MAP_FULL);
		return 0;
	}
	emit(ctx, JREC_UPROBE, probe, spec, c.ts, &c, 0, 0);
	return 0;
}

SEC("uretprobe")
int uretprobe_return(struct pt_regs *ctx)
{
	__u32 probe = (__u32)bpf_get_attach_cookie(ctx);
	struct call_key key = { .tid = (__u32)bpf_get_current_pid_tgid(), .probe = probe };
	struct call *c;
	__u64 now;

	if (probe >= MAX_PROBES)
		return 0;
	c = bpf_map_lookup_elem(&calls, &key);
	if (!c)
		return 0;	/* its entry was before the attach, or not sampled, or filtered out */
	now = bpf_ktime_get_ns();
	emit(ctx, JREC_URETPROBE, probe, spec_of(probe), now, c, now - c->ts, PT_REGS_RC(ctx));
	bpf_map_delete_elem(&calls, &key);
	return 0;
}

SEC("usdt")
int usdt_fire(struct pt_regs *ctx)
{
	__u32 probe = (__u32)bpf_usdt_cookie(ctx);
	const volatile struct probe_spec *spec = wanted(probe);
	struct call c = {};
	long v;

	if (!spec)
		return 0;
	c.ts = bpf_ktime_get_ns();
#pragma unroll
	for (int i = 0; i < JREC_UPROBE_ARGS; i++) {
		if (i < spec->nargs && !bpf_usdt_arg(ctx, spec->arg[i], &v))
			c.args[i] = v;
	}
	if (spec->str_arg >= 0 && !bpf_usdt_arg(ctx, spec->str_arg, &v))
		c.str_ptr = v;
	c.ustack_id = user_stack(ctx, spec);
	if (spec->stack)
		send_stack_copy(probe, c.ts);
	emit(ctx, JREC_USDT, probe, spec, c.ts, &c, 0, 0);
	return 0;
}
