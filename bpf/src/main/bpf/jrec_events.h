/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Records written to each object's "events" ring buffer.
 *
 * Every struct is laid out with explicit padding so that it has the same
 * bytes packed or not; dev.jrec.bpf.events mirrors these layouts and the
 * kinds, and tests check both against the BTF of the built objects (kept
 * there by jrec_btf_anchor). Change both together.
 */
#ifndef __JREC_EVENTS_H
#define __JREC_EVENTS_H

#define JREC_COMM_LEN		16
#define JREC_PATH_LEN		256
#define JREC_ARGS_LEN		512
#define JREC_IRQ_NAME_LEN	32		/* as libbpf-tools' hardirqs keys its names */

enum jrec_kind {
	JREC_SCHED_SWITCH	= 1,
	JREC_SCHED_WAKEUP	= 2,
	JREC_SCHED_WAKEUP_NEW	= 3,
	JREC_SCHED_MIGRATE	= 4,
	JREC_PROC_EXEC		= 10,
	JREC_PROC_FORK		= 11,
	JREC_PROC_EXIT		= 12,
	JREC_OOM_KILL		= 13,	/* struct jrec_oom_kill (proc.bpf.c) */
	JREC_SIGNAL		= 14,	/* struct jrec_signal (proc.bpf.c) */
	JREC_HUNG_TASK		= 15,	/* struct jrec_hung_task (proc.bpf.c) */
	JREC_BLOCK_RQ_ISSUE	= 20,
	JREC_BLOCK_RQ_COMPLETE	= 21,
	JREC_BLOCK_IO_START	= 22,
	JREC_BLOCK_IO_DONE	= 23,
	JREC_SYSCALL		= 30,
	JREC_SYSCALL_PATH	= 31,
	JREC_CPU_SAMPLE		= 40,	/* struct jrec_cpu_sample (profile.bpf.c) */
	JREC_OFFCPU		= 41,	/* struct jrec_offcpu (offcpu.bpf.c) */
	JREC_TCP_STATE		= 50,	/* struct jrec_tcp (net.bpf.c), as the five below */
	JREC_TCP_ACCEPT		= 51,
	JREC_TCP_RETRANSMIT	= 52,
	JREC_TCP_SEND_RESET	= 53,
	JREC_TCP_RECEIVE_RESET	= 54,
	JREC_TCP_DROP		= 55,
	JREC_TCP_BYTES		= 56,
	JREC_HARDIRQ		= 60,	/* struct jrec_hardirq (irq.bpf.c) */
	JREC_SOFTIRQ		= 61,	/* struct jrec_softirq (irq.bpf.c) */
	JREC_DIRECT_RECLAIM	= 70,	/* struct jrec_reclaim (mem.bpf.c), as memcg_reclaim */
	JREC_MEMCG_RECLAIM	= 71,
	JREC_MINOR_FAULT	= 72,	/* struct jrec_fault (mem.bpf.c), as major_fault */
	JREC_MAJOR_FAULT	= 73,
	JREC_RSS		= 74,	/* struct jrec_rss (mem.bpf.c) */
	JREC_LOCK_CONTENTION	= 80,	/* struct jrec_lock_contention (lock.bpf.c) */
	JREC_FUTEX_WAIT		= 81,	/* struct jrec_futex (lock.bpf.c), as the one below */
	JREC_FUTEX_WAKE		= 82,
	JREC_UPROBE		= 90,	/* struct jrec_uprobe (uprobe.bpf.c), as the two below */
	JREC_URETPROBE		= 91,
	JREC_USDT		= 92,
	JREC_UPROBE_USTACK	= 93,	/* struct jrec_uprobe_ustack: the stack copy of the call recorded next */
};

/* Slots of the per-CPU "drops" array: why a record, or a part of one, was lost. */
enum jrec_drop {
	JREC_DROP_RINGBUF	= 0,	/* bpf_ringbuf_reserve failed */
	JREC_DROP_MAP_FULL	= 1,	/* a bounded tracking map was full */
	JREC_DROP_READ		= 2,	/* a probe read of kernel/user memory failed */
	JREC_DROP_STACK		= 3,	/* a stack an emitted record names could not be stored */
	JREC_DROP_UNTIMED	= 4,	/* a record was kept without the times per-task
					 * state derives (that state could not be stored) */
	JREC_DROP_SLOTS		= 5,
};

/* hdr.flags bits */
#define JREC_F_PREEMPT		(1u << 0)	/* sched_switch: prev was preempted (still runnable) */
#define JREC_F_GROUP_LEADER	(1u << 1)	/* proc_exit: the task was its thread group leader */
#define JREC_F_TRUNCATED	(1u << 2)	/* a string or argv was cut to fit */
#define JREC_F_NO_START		(1u << 3)	/* completion without a matching start: latency is 0 */

/* 40 bytes; pid is the tgid, tid the kernel pid, of the task named by comm. */
struct jrec_hdr {
	__u16 kind;
	__u16 cpu;
	__u32 pid;
	__u32 tid;
	__u32 flags;
	__u64 ts;			/* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	char comm[JREC_COMM_LEN];
};

/* hdr names prev. 96 bytes. */
struct jrec_sched_switch {
	struct jrec_hdr hdr;
	__u32 next_pid;
	__u32 next_tid;
	__s32 prev_prio;
	__s32 next_prio;
	__u64 prev_state;		/* task state bits of prev; 0 = runnable */
	__u64 prev_oncpu_ns;		/* prev's time on CPU since switched in; 0 if unknown */
	__u64 next_rq_wait_ns;		/* next's run-queue wait since wakeup/preemption; 0 if unknown */
	char next_comm[JREC_COMM_LEN];
};

/* sched_wakeup / sched_wakeup_new / sched_migrate_task: hdr names the current
 * (waking / migrating-initiating) task, target the woken or moved one. 80 bytes. */
struct jrec_sched_wakeup {
	struct jrec_hdr hdr;
	__u32 target_pid;
	__u32 target_tid;
	__s32 target_prio;
	__s32 target_cpu;		/* wakeup: cpu it will run on; migrate: dest cpu */
	__s32 orig_cpu;			/* migrate only; -1 otherwise */
	__u32 _pad;
	char target_comm[JREC_COMM_LEN];
};

/* hdr names the task after exec. 824 bytes. */
struct jrec_proc_exec {
	struct jrec_hdr hdr;
	__u32 ppid;			/* real_parent's tgid */
	__u32 old_tid;			/* tid that called execve (differs if a non-leader thread exec'd) */
	__u32 args_len;			/* bytes used in args (NUL-separated argv) */
	__u32 args_size;		/* arg_end - arg_start: > args_len when truncated */
	char filename[JREC_PATH_LEN];
	char args[JREC_ARGS_LEN];
	__u64 cgroup_id;		/* its cgroup v2 (the directory's inode), for a process gone before /proc is read */
};

/* hdr names the parent. 72 bytes. */
struct jrec_proc_fork {
	struct jrec_hdr hdr;
	__u32 child_pid;
	__u32 child_tid;
	char child_comm[JREC_COMM_LEN];
	__u64 cgroup_id;		/* the parent's cgroup v2, which the child starts in */
};

/* hdr names the exiting task. 48 bytes. */
struct jrec_proc_exit {
	struct jrec_hdr hdr;
	__s32 exit_code;		/* task->exit_code: (status << 8) | termsig, like wait(2) */
	__u32 ppid;
};

/* oom:mark_victim. hdr names the victim: pid and tid are both the task id the tracepoint gives (the
 * task the OOM killer chose, usually its process's leader), comm is empty on kernels whose tracepoint
 * has none (before 6.8); cpu and ts are the kill's. Memory as the kernel's "Killed process" line
 * gives it, in kB; 0 where the tracepoint lacks a field. 96 bytes. */
struct jrec_oom_kill {
	struct jrec_hdr hdr;
	__s32 oom_score_adj;
	__u32 uid;
	__u64 total_vm_kb;
	__u64 anon_rss_kb;
	__u64 file_rss_kb;
	__u64 shmem_rss_kb;
	__u64 pgtables_kb;
};

/* signal:signal_generate: a signal sent, or the attempt. hdr names the
 * sender (the current task: a kill(2) caller, or whichever task the kernel
 * sent it from: SIGCHLD from an exiting child, SIGKILL from the OOM killer's
 * caller). 80 bytes. */
struct jrec_signal {
	struct jrec_hdr hdr;
	__u32 target_pid;
	__u32 target_tid;
	__s32 sig;
	__s32 result;			/* TRACE_SIGNAL_*: 0 delivered, 1 ignored, 2 already pending, 3 overflow, 4 lost info */
	__u32 group;			/* sent to the whole thread group (kill), not one thread (tgkill) */
	__u32 _pad;
	char target_comm[JREC_COMM_LEN];
};

/* sched:sched_process_hang: khungtaskd found hdr's task in D state, not
 * switched for hung_task_timeout_secs. 48 bytes. */
struct jrec_hung_task {
	struct jrec_hdr hdr;
	__u64 state;			/* its task state bits (2 = TASK_UNINTERRUPTIBLE) */
};

/* Issue/complete/io_start/io_done. hdr names the current task; issue_* the task that submitted the
 * request: the one current at block_rq_insert when an I/O scheduler queued it (its issue then often runs
 * in a kblockd worker), else the one current at issue; completions (often in irq context) carry it on.
 * 104 bytes. */
struct jrec_block {
	struct jrec_hdr hdr;
	__u32 dev;			/* kernel dev_t: major << 20 | minor */
	__u32 nr_bytes;
	__u64 sector;
	__u64 latency_ns;		/* complete only: issue -> complete */
	__u32 issue_pid;
	__u32 issue_tid;
	__s32 error;			/* complete only: blk_status_t */
	__u32 cmd_flags;		/* rq->cmd_flags (op in the low 8 bits) */
	char rwbs[8];
	char issue_comm[JREC_COMM_LEN];
};

/* hdr.ts is the entry time. 72 bytes; JREC_SYSCALL_PATH adds path (328 bytes). */
struct jrec_syscall {
	struct jrec_hdr hdr;
	__u32 id;
	__s32 fd;			/* read, write, close and their kin: the fd argument; -1 for other calls */
	__u64 duration_ns;
	__s64 ret;
	__u64 flags;			/* open flags / stat flags / access mode, by syscall */
};

struct jrec_syscall_path {
	struct jrec_syscall sc;
	char path[JREC_PATH_LEN];
};

/*
 * IRQs (irq.bpf.c), kinds JREC_HARDIRQ and JREC_SOFTIRQ: one record per
 * handler run, entry and exit paired per CPU in the kernel. hdr names the
 * task the interrupt ran over (current: swapper/N, pid 0, on an idle CPU;
 * ksoftirqd/N for softirqs deferred to it); hdr.ts is the exit time.
 */

/* irq:irq_handler_exit. One record per irqaction run: a shared line runs
 * (and records) each of its handlers. 88 bytes. */
struct jrec_hardirq {
	struct jrec_hdr hdr;
	__s32 irq;
	__s32 ret;			/* irqreturn_t: 0 IRQ_NONE, 1 IRQ_HANDLED, 2 IRQ_WAKE_THREAD */
	__u64 duration_ns;		/* irq_handler_entry -> exit */
	char name[JREC_IRQ_NAME_LEN];	/* irqaction's name, as /proc/interrupts shows it (JREC_F_TRUNCATED if cut) */
};

/* irq:softirq_exit. 56 bytes. */
struct jrec_softirq {
	struct jrec_hdr hdr;
	__u32 vec;			/* HI_SOFTIRQ 0 .. RCU_SOFTIRQ 9 */
	__u32 _pad;
	__u64 duration_ns;		/* softirq_entry -> exit */
};

/*
 * Stacks: cpu_sample (profile.bpf.c) and offcpu (offcpu.bpf.c), kinds
 * JREC_CPU_SAMPLE and JREC_OFFCPU. Added after the records above; the
 * existing kinds, slots and flags are unchanged.
 *
 * A stack id is what bpf_get_stackid returned: >= 0 is a key of the
 * object's "stacks" map (BPF_MAP_TYPE_STACK_TRACE, value __u64[127] ips,
 * leaf first, zero after the last); < 0 is a negative errno: -EFAULT
 * (-14) means there was nothing to unwind (a kernel thread has no user
 * stack), anything else (-EEXIST on a bucket collision, -ENOMEM, ...) is
 * a stack lost, counted in drops[JREC_DROP_STACK].
 */
#define JREC_F_IDLE		(1u << 4)	/* cpu_sample: the CPU was idle (pid 0, swapper) */
#define JREC_F_WAKER		(1u << 5)	/* offcpu: the waker fields are set */

#define JREC_STACK_DEPTH	127		/* PERF_MAX_STACK_DEPTH: ips per stack map value */
#define JREC_EFAULT		14

/* One timer sample. hdr names the task on CPU (swapper/pid 0 with
 * JREC_F_IDLE). 48 bytes. */
struct jrec_cpu_sample {
	struct jrec_hdr hdr;
	__s32 kstack_id;
	__s32 ustack_id;
};

/* One off-CPU interval of >= min_block_ns. hdr names the task that was
 * off CPU; hdr.ts is when it was switched back in. 104 bytes. */
struct jrec_offcpu {
	struct jrec_hdr hdr;
	__u64 start_ts;			/* when it was switched out */
	__u64 duration_ns;		/* hdr.ts - start_ts */
	__u64 state;			/* its task state when switched out (TASK_INTERRUPTIBLE = 1, ...) */
	__s32 kstack_id;		/* its stacks when switched out */
	__s32 ustack_id;
	__u32 waker_pid;		/* with JREC_F_WAKER: the task current at sched_waking */
	__u32 waker_tid;
	__s32 waker_kstack_id;
	__s32 waker_ustack_id;
	char waker_comm[JREC_COMM_LEN];
};

/*
 * User registers and a copy of the top of the user stack, appended to a
 * cpu_sample or offcpu record when hdr.flags has JREC_F_USER_REGS (the
 * knob ustack_bytes > 0: --call-graph dwarf), for unwinding with the
 * binaries' .eh_frame in user space, as perf record --call-graph dwarf
 * does. The record is then sizeof(base record) + sizeof(jrec_user_regs)
 * + stack_len bytes long; the FP stack ids are still filled.
 */
#define JREC_F_USER_REGS	(1u << 6)
#define JREC_USTACK_MAX		16384		/* largest copy: ustack_bytes is clamped to it */

/*
 * 72 bytes; the user-mode registers of the task (its pt_regs), named for
 * x86-64. On arm64 the same slots hold ip = pc, sp = sp, bp = x29 (the frame
 * pointer), bx = x30 (the link register) and r12..r15 = 0: what an arm64
 * CFI unwinder needs, in the layout x86-64 already has.
 */
struct jrec_user_regs {
	__u64 ip;
	__u64 sp;
	__u64 bp;
	__u64 bx;
	__u64 r12;
	__u64 r13;
	__u64 r14;
	__u64 r15;
	__u32 stack_len;		/* bytes copied from sp into the stack that follows */
	__u32 _pad;
};

struct jrec_cpu_sample_ustack {
	struct jrec_cpu_sample s;
	struct jrec_user_regs regs;
	__u8 stack[JREC_USTACK_MAX];
};

struct jrec_offcpu_ustack {
	struct jrec_offcpu o;
	struct jrec_user_regs regs;
	__u8 stack[JREC_USTACK_MAX];
};

/*
 * TCP (net.bpf.c). hdr names the process that owns the socket when net.bpf.c
 * knows it (it connected, accepted or closed it while recording), else the
 * current task when the event ran in process context, else nobody (pid and
 * tid 0, empty comm): most TCP work runs in softirq context, on behalf of
 * whichever task it interrupted.
 *
 * Addresses are the socket's local (s) and remote (d) ends, in network byte
 * order, IPv4 in the first 4 bytes; for tcp_drop and a reset sent without a
 * socket, the packet's source and destination. Ports in host order. 128 bytes.
 */
#define JREC_F_NO_SOCK		(1u << 7)	/* tcp_send_reset / tcp_drop: no socket: addresses from the packet */

struct jrec_tcp {
	struct jrec_hdr hdr;
	__u16 family;			/* AF_INET (2) or AF_INET6 (10) */
	__u16 sport;
	__u16 dport;
	__u8 old_state;			/* tcp_state: the state it left (TCP_ESTABLISHED = 1, ...) */
	__u8 state;			/* tcp_state: the state it entered; others: the socket's, 0 if none */
	__u8 saddr[16];
	__u8 daddr[16];
	__u64 sk;			/* socket address: which rows are one connection (not written to captures) */
	__u64 duration_ns;		/* tcp_state into TCP_CLOSE: since the socket's first state change seen */
	__u64 rx_bytes;			/* tcp_state into TCP_CLOSE: tcp_sock bytes_received */
	__u64 tx_bytes;			/* tcp_state into TCP_CLOSE: tcp_sock bytes_acked */
	__u32 reason;			/* tcp_drop: enum skb_drop_reason; tcp_send_reset: enum sk_rst_reason */
	__u32 tcp_flags;		/* tcp_drop, tcp_send_reset without a socket: the packet's TCP flags byte */
	__u64 location;			/* tcp_drop: kernel address that freed the packet */
};

/*
 * Memory (mem.bpf.c). hdr names the task that felt it: the one that had to
 * reclaim, that faulted, whose process's resident memory changed.
 */

/* vmscan:mm_vmscan_{direct,memcg}_reclaim_end, paired with its begin per
 * task; hdr.ts is the end. 64 bytes. */
struct jrec_reclaim {
	struct jrec_hdr hdr;
	__u64 duration_ns;		/* begin -> end */
	__u64 nr_reclaimed;		/* pages */
	__s32 order;			/* allocation order asked (0: one page); memcg: as its begin gives it */
	__u32 _pad;
};

/* A page fault sampled by a PERF_COUNT_SW_PAGE_FAULTS_MIN/_MAJ event.
 * 64 bytes. */
struct jrec_fault {
	struct jrec_hdr hdr;
	__u64 addr;			/* the faulting data address */
	__u64 weight;			/* faults this record stands for: the event's sample period */
	__s32 ustack_id;		/* user stack in this object's "stacks" map, as cpu_sample's */
	__u32 _pad;
};

/* kmem:rss_stat, at most one per process per rss_interval_ns: the
 * process's resident counters (mm->rss_stat) at hdr.ts. 72 bytes. */
struct jrec_rss {
	struct jrec_hdr hdr;
	__s64 file_pages;		/* MM_FILEPAGES */
	__s64 anon_pages;		/* MM_ANONPAGES */
	__s64 swap_entries;		/* MM_SWAPENTS: pages swapped out */
	__s64 shmem_pages;		/* MM_SHMEMPAGES */
};

/*
 * Locks (lock.bpf.c). Addresses (lock, uaddr) are what the kernel and the
 * process use; the recorder turns a kernel lock's address into a number
 * per recording (lock_id) and never writes it to a capture.
 */

/* jrec_lock_contention.lock_class: a lock of the task itself, recognized
 * in the kernel where its address says what it is (as perf lock
 * contention names these); 0 otherwise. */
#define JREC_LOCK_MMAP		1	/* &current->mm->mmap_lock */
#define JREC_LOCK_SIGHAND	2	/* &current->sighand->siglock */

/* lock:contention_begin -> contention_end of one lock by one task. hdr
 * names the task that waited (current: the interrupted one if the wait was
 * in an interrupt); hdr.ts is the end. 72 bytes. */
struct jrec_lock_contention {
	struct jrec_hdr hdr;
	__u64 lock;			/* kernel address of the lock */
	__u64 duration_ns;		/* contention_begin -> end */
	__u32 lcb_flags;		/* contention_begin's LCB_F_*: SPIN 1, READ 2, WRITE 4, RT 8, PERCPU 16, MUTEX 32 */
	__s32 ret;			/* contention_end's: 0 acquired, else -errno (-EINTR: a signal, -ETIMEDOUT) */
	__s32 kstack_id;		/* at contention_end: the waiter's call path */
	__u32 lock_class;		/* JREC_LOCK_* or 0 */
};

/* sys_enter_futex -> sys_exit_futex: a wait (FUTEX_WAIT, WAIT_BITSET,
 * LOCK_PI, LOCK_PI2, WAIT_REQUEUE_PI) or a wake that woke someone
 * (FUTEX_WAKE, WAKE_BITSET, WAKE_OP with ret > 0; UNLOCK_PI with ret 0).
 * hdr names the caller; hdr.ts is the syscall's exit. 72 bytes. */
struct jrec_futex {
	struct jrec_hdr hdr;
	__u64 uaddr;			/* the futex word's user address */
	__u64 duration_ns;		/* sys_enter -> sys_exit */
	__s64 ret;			/* the syscall's: a wake's count of tasks woken */
	__u32 op;			/* futex op as passed (FUTEX_PRIVATE_FLAG 128, FUTEX_CLOCK_REALTIME 256 kept) */
	__s32 ustack_id;		/* the caller's user stack (frame pointers) */
};

/*
 * User-space probes (uprobe.bpf.c), kinds JREC_UPROBE (a function's entry),
 * JREC_URETPROBE (a call: its entry paired with its return in the kernel,
 * per thread and probe) and JREC_USDT (a USDT probe fired). hdr names the
 * calling thread; hdr.ts is the entry, the return, or the firing.
 */
#define JREC_UPROBE_ARGS	6
#define JREC_F_STR_ARG		(1u << 8)	/* a string argument follows: struct jrec_uprobe_str */

/* 120 bytes. */
struct jrec_uprobe {
	struct jrec_hdr hdr;
	__u32 probe;			/* which probe: its index in the recording's list (the attach's BPF cookie) */
	__s32 ustack_id;		/* the user stack at entry (frame pointers), -EFAULT when not taken */
	__u64 args[JREC_UPROBE_ARGS];	/* the integer arguments the probe's spec names, in its order; 0 after them */
	__u64 duration_ns;		/* uretprobe: entry -> return */
	__s64 ret;			/* uretprobe: the return value register */
	__u64 caller_ip;		/* uprobe, uretprobe: the return address at entry, [sp]: the caller, which a
					 * frame-pointer walk from a function's first instruction skips; 0 for usdt */
};

/* 376 bytes. */
struct jrec_uprobe_str {
	struct jrec_uprobe u;
	char str[JREC_PATH_LEN];	/* the string argument, NUL-terminated (JREC_F_TRUNCATED if cut) */
};

/*
 * With ustack_bytes (--uprobe-stacks dwarf): the calling thread's registers
 * and the top of its stack at a probe's entry or a USDT firing, sent just
 * before the call's own record (a uretprobe's comes at the return), which
 * names the same tid and probe and whose entry is this ts. 48 bytes, then
 * struct jrec_user_regs and stack_len bytes of stack (jrec_uprobe_ustack_copy).
 */
struct jrec_uprobe_ustack {
	struct jrec_hdr hdr;		/* kind JREC_UPROBE_USTACK, flags JREC_F_USER_REGS */
	__u32 probe;			/* the probe's index, as in its call's record */
	__u32 _pad;
};

struct jrec_uprobe_ustack_copy {
	struct jrec_uprobe_ustack u;
	struct jrec_user_regs regs;
	__u8 stack[JREC_USTACK_MAX];
};

#endif /* __JREC_EVENTS_H */
