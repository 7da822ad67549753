// SPDX-License-Identifier: GPL-2.0
/*
 * Memory pressure as the tasks feel it.
 *
 * Reclaim: an allocation that had to free memory itself, drsnoop's events.
 * vmscan:mm_vmscan_direct_reclaim_begin/end (the whole machine was short)
 * and mm_vmscan_memcg_reclaim_begin/end (a cgroup reached memory.high or
 * memory.max: the stall a container sees long before any OOM kill), paired
 * per task, one record at the end with its duration and pages reclaimed.
 *
 * Page faults: perf software events PERF_COUNT_SW_PAGE_FAULTS_MIN and _MAJ,
 * opened per CPU by dev.jrec.bpf.perf with a sample period (every Nth minor
 * fault, every major one by default). They fire after the fault was
 * handled, in the faulting task, so unlike exceptions:page_fault_user they
 * say which kind it was; each record carries the address, the user stack
 * and the period as its weight.
 *
 * RSS: kmem:rss_stat fires on every change of a resident-memory counter,
 * hundreds of thousands of times a second while a process grows; a record
 * per process at most every rss_interval_ns keeps the curve and not the
 * noise. It reads all four counters of the process's mm, so a record is a
 * whole point of the curve. It runs on every fault, so what it does before
 * deciding there is nothing to write is the mem source's tax on each one
 * (bench/bpf-cost.sh SOURCE=mem: 265 ns with the per-CPU cache below, 315-360
 * as a classic tracepoint with only the LRU map, on a loaded 2-CPU VM).
 */
#include "jrec_common.bpf.h"
#include "jrec_stacks.bpf.h"

/* The shortest interval between two rss records of one process. */
const volatile __u64 rss_interval_ns = 100000000;

#define MAX_RECLAIMING	10240
#define MAX_RSS_TASKS	10240

struct reclaim_start {
	__u64 ts;
	__s32 order;
	__u32 memcg;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_RECLAIMING);
	__type(key, __u32);		/* tid */
	__type(value, struct reclaim_start);
} reclaiming SEC(".maps");

/* Per process: when its last rss record was written. LRU: a process that
 * exited gives its slot back by age, and a lost slot only means an early
 * record. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_RSS_TASKS);
	__type(key, __u32);		/* tgid */
	__type(value, __u64);
} rss_last SEC(".maps");

/* The process this CPU saw last and when its row was written: a process
 * faulting in a loop stays on its CPU, and this spares the LRU lookup. */
struct rss_seen {
	__u32 tgid;
	__u32 _pad;
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rss_seen);
} rss_cpu SEC(".maps");

static __always_inline int reclaim_begin(int order, __u32 memcg)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct reclaim_start st = { .ts = bpf_ktime_get_ns(), .order = order, .memcg = memcg };

	if (!current_wanted())
		return 0;
	if (bpf_map_update_elem(&reclaiming, &tid, &st, BPF_ANY))
		count_drop(JREC_DROP_MAP_FULL);
	return 0;
}

/* An end with no begin (the reclaim was under way when we attached) is
 * left out: its duration is unknown. */
static __always_inline int reclaim_end(bool btf, unsigned long nr_reclaimed, __u32 memcg)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct reclaim_start *st = bpf_map_lookup_elem(&reclaiming, &tid);
	struct jrec_reclaim *e;
	__u64 now, start;
	__s32 order;

	if (!st)
		return 0;
	start = st->ts;
	order = st->order;
	bpf_map_delete_elem(&reclaiming, &tid);
	now = bpf_ktime_get_ns();
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr_at(btf, &e->hdr, memcg ? JREC_MEMCG_RECLAIM : JREC_DIRECT_RECLAIM, current_task_of(btf), now);
	e->duration_ns = now - start;
	e->nr_reclaimed = nr_reclaimed;
	e->order = order;
	e->_pad = 0;
	submit(e);
	return 0;
}

SEC("tp_btf/mm_vmscan_direct_reclaim_begin")
int BPF_PROG(btf_direct_reclaim_begin, int order, gfp_t gfp_flags)
{
	return reclaim_begin(order, 0);
}

SEC("raw_tp/mm_vmscan_direct_reclaim_begin")
int BPF_PROG(raw_direct_reclaim_begin, int order, gfp_t gfp_flags)
{
	return reclaim_begin(order, 0);
}

SEC("tp_btf/mm_vmscan_direct_reclaim_end")
int BPF_PROG(btf_direct_reclaim_end, unsigned long nr_reclaimed)
{
	return reclaim_end(true, nr_reclaimed, 0);
}

SEC("raw_tp/mm_vmscan_direct_reclaim_end")
int BPF_PROG(raw_direct_reclaim_end, unsigned long nr_reclaimed)
{
	return reclaim_end(false, nr_reclaimed, 0);
}

/* memcg reclaim gives order 0: it frees what the charge needs. */
SEC("tp_btf/mm_vmscan_memcg_reclaim_begin")
int BPF_PROG(btf_memcg_reclaim_begin, int order, gfp_t gfp_flags)
{
	return reclaim_begin(order, 1);
}

SEC("raw_tp/mm_vmscan_memcg_reclaim_begin")
int BPF_PROG(raw_memcg_reclaim_begin, int order, gfp_t gfp_flags)
{
	return reclaim_begin(order, 1);
}

SEC("tp_btf/mm_vmscan_memcg_reclaim_end")
int BPF_PROG(btf_memcg_reclaim_end, unsigned long nr_reclaimed)
{
	return reclaim_end(true, nr_reclaimed, 1);
}

SEC("raw_tp/mm_vmscan_memcg_reclaim_end")
int BPF_PROG(raw_memcg_reclaim_end, unsigned long nr_reclaimed)
{
	return reclaim_end(false, nr_reclaimed, 1);
}

static __always_inline int fault(struct bpf_perf_event_data *ctx, __u16 kind)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct jrec_fault *e;
	__s32 ustack;

	if ((__u32)id == 0 || !current_wanted())
		return 0;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	e->hdr.kind = kind;
	e->hdr.cpu = bpf_get_smp_processor_id();
	e->hdr.pid = id >> 32;
	e->hdr.tid = (__u32)id;
	e->hdr.flags = 0;
	e->hdr.ts = bpf_ktime_get_ns();
	bpf_get_current_comm(&e->hdr.comm, sizeof(e->hdr.comm));
	e->addr = ctx->addr;
	e->weight = ctx->sample_period;
	ustack = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	if (stack_lost(ustack))
		count_drop(JREC_DROP_STACK);
	e->ustack_id = ustack;
	e->_pad = 0;
	submit(e);
	return 0;
}

SEC("perf_event")
int minor_fault(struct bpf_perf_event_data *ctx)
{
	return fault(ctx, JREC_MINOR_FAULT);
}

SEC("perf_event")
int major_fault(struct bpf_perf_event_data *ctx)
{
	return fault(ctx, JREC_MAJOR_FAULT);
}

/* mm->rss_stat: percpu_counters since 6.2, atomics before. The count a
 * percpu_counter holds is what /proc/PID/status shows (it is read the same
 * way, without summing the CPUs' deltas). */
struct mm_rss_stat___pre62 {
	atomic_long_t count[4];
};

struct mm_struct___pre62 {
	struct mm_rss_stat___pre62 rss_stat;
};

/* member is a constant in each use: CO-RE access strings take no variable index. */
#define RSS_PAGES(mm, member)								\
	(bpf_core_type_exists(struct mm_rss_stat___pre62) ?				\
	 BPF_CORE_READ((struct mm_struct___pre62 *)(mm), rss_stat.count[member].counter) :	\
	 BPF_CORE_READ(mm, rss_stat[member].count))

/* Every change of a counter calls this, so every page fault does: it returns
 * after a clock read and a lookup when the process had a row lately. */
static __always_inline int rss_stat(bool btf, struct mm_struct *mm)
{
	__u64 id = bpf_get_current_pid_tgid(), now, *last;
	__u32 tgid = id >> 32, zero = 0;
	struct rss_seen *seen = bpf_map_lookup_elem(&rss_cpu, &zero);
	struct task_struct *t;
	struct jrec_rss *e;

	if ((__u32)id == 0 || !seen)
		return 0;
	now = bpf_ktime_get_ns();
	if (seen->tgid == tgid && now - seen->ts < rss_interval_ns)
		return 0;
	last = bpf_map_lookup_elem(&rss_last, &tgid);
	if (last && now - *last < rss_interval_ns) {
		seen->tgid = tgid;
		seen->ts = *last;
		return 0;
	}
	t = current_task_of(btf);
	/* another process's mm (the OOM reaper, a remote munmap): its owner is not known here */
	if (TASK_READ(btf, t, mm) != mm)
		return 0;
	if (!current_wanted())
		return 0;
	bpf_map_update_elem(&rss_last, &tgid, &now, BPF_ANY);
	seen->tgid = tgid;
	seen->ts = now;
	e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_hdr_at(btf, &e->hdr, JREC_RSS, t, now);
	e->file_pages = RSS_PAGES(mm, 0);
	e->anon_pages = RSS_PAGES(mm, 1);
	e->swap_entries = RSS_PAGES(mm, 2);
	e->shmem_pages = RSS_PAGES(mm, 3);
	submit(e);
	return 0;
}

/* (mm, member) since 6.2, (mm, member, count) before: only the first is read. */
SEC("tp_btf/rss_stat")
int BPF_PROG(btf_rss_stat, struct mm_struct *mm)
{
	return rss_stat(true, mm);
}

SEC("raw_tp/rss_stat")
int BPF_PROG(raw_rss_stat, struct mm_struct *mm)
{
	return rss_stat(false, mm);
}
