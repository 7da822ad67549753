// SPDX-License-Identifier: GPL-2.0
/*
 * One record per completed syscall, paired in the kernel from
 * raw_syscalls:sys_enter/sys_exit. Path-taking syscalls also carry the path,
 * read at entry (after a successful execve the old memory is gone).
 * Syscall numbers are the target architecture's (x86-64 or arm64): the
 * recorder names them with the matching table.
 */
#include "jrec_common.bpf.h"

#define MAX_INFLIGHT	16384
#define NR_SYSCALL_BITS	512

/* Records only syscalls lasting at least this long. */
const volatile __u64 min_duration_ns = 0;
/* When set, only ids whose bit is set in syscall_bitmap are recorded. */
const volatile bool filter_syscalls = false;
const volatile __u64 syscall_bitmap[NR_SYSCALL_BITS / 64] = {};

#if defined(__TARGET_ARCH_x86)
enum {
	NR_OPEN = 2, NR_STAT = 4, NR_LSTAT = 6, NR_ACCESS = 21, NR_EXECVE = 59,
	NR_EXIT = 60, NR_EXIT_GROUP = 231, NR_OPENAT = 257, NR_NEWFSTATAT = 262,
	NR_FACCESSAT = 269, NR_EXECVEAT = 322, NR_STATX = 332, NR_OPENAT2 = 437,
	NR_FACCESSAT2 = 439,
	NR_READ = 0, NR_WRITE = 1, NR_CLOSE = 3, NR_PREAD64 = 17, NR_PWRITE64 = 18, NR_READV = 19,
	NR_WRITEV = 20, NR_FSYNC = 74, NR_FDATASYNC = 75, NR_PREADV = 295, NR_PWRITEV = 296,
	NR_PREADV2 = 327, NR_PWRITEV2 = 328,
};
#else
/* asm-generic numbers; it has no open, stat, lstat or access: only the *at forms */
enum {
	NR_FACCESSAT = 48, NR_OPENAT = 56, NR_NEWFSTATAT = 79, NR_EXIT = 93,
	NR_EXIT_GROUP = 94, NR_EXECVE = 221, NR_EXECVEAT = 281, NR_STATX = 291,
	NR_OPENAT2 = 437, NR_FACCESSAT2 = 439,
	NR_CLOSE = 57, NR_READ = 63, NR_WRITE = 64, NR_READV = 65, NR_WRITEV = 66, NR_PREAD64 = 67,
	NR_PWRITE64 = 68, NR_PREADV = 69, NR_PWRITEV = 70, NR_FSYNC = 82, NR_FDATASYNC = 83,
	NR_PREADV2 = 286, NR_PWRITEV2 = 287,
};
#endif

struct inflight {
	__u64 ts;		/* entry time; 0 when no call is in flight */
	__u64 flags;
	__u32 id;
	__u32 has_path;
	__s32 fd;
	__u32 _pad;
};

struct path_buf {
	char path[JREC_PATH_LEN];
};

/*
 * The call in flight and its path, per thread. tp_btf handlers keep them in
 * task storage (no hashing, never full, freed with the thread; measured: the
 * hash operations were most of a call's cost), raw_tp handlers, whose task
 * pointers task storage refuses, in bounded hashes by tid. The loader creates
 * only the maps of the flavor it loads (btf_ / raw_ prefix, see BpfObject).
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct inflight);
} btf_inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct path_buf);
} btf_paths SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_INFLIGHT);
	__type(key, __u32);
	__type(value, struct inflight);
} raw_inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_INFLIGHT);
	__type(key, __u32);
	__type(value, struct path_buf);
} raw_paths SEC(".maps");

/* Initial value for a new raw_paths entry: too big for the 512-byte BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct path_buf);
} scratch SEC(".maps");

/*
 * The current thread's entry in the flavor's map, created if asked (from
 * init, a value-sized buffer, under raw_tp). NULL if absent, or when
 * creating, if there is no room: counted as JREC_DROP_MAP_FULL.
 */
static __always_inline void *slot(bool btf, void *btf_map, void *raw_map, const void *init,
				  bool create)
{
	__u32 tid;
	void *v;

	if (btf) {
		v = bpf_task_storage_get(btf_map, bpf_get_current_task_btf(), 0,
					 create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
	} else {
		tid = (__u32)bpf_get_current_pid_tgid();
		v = bpf_map_lookup_elem(raw_map, &tid);
		if (!v && create && init) {
			/* fails when full: the lookup decides */
			bpf_map_update_elem(raw_map, &tid, init, BPF_NOEXIST);
			v = bpf_map_lookup_elem(raw_map, &tid);
		}
	}
	if (!v && create)
		count_drop(JREC_DROP_MAP_FULL);
	return v;
}

static __always_inline void slot_delete(void *raw_map)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_delete_elem(raw_map, &tid);
}

static __always_inline bool id_wanted(long id)
{
	if (!filter_syscalls)
		return true;
	if (id < 0 || id >= NR_SYSCALL_BITS)
		return false;
	return syscall_bitmap[(id >> 6) & (NR_SYSCALL_BITS / 64 - 1)] & (1ull << (id & 63));
}

/* Which argument holds the path, which the flags; -1 if none. */
static __always_inline void path_args(long id, int *path_arg, int *flags_arg)
{
	*path_arg = -1;
	*flags_arg = -1;
	switch (id) {
#if defined(__TARGET_ARCH_x86)
	case NR_OPEN:		*path_arg = 0; *flags_arg = 1; break;
	case NR_ACCESS:		*path_arg = 0; *flags_arg = 1; break;
	case NR_STAT:
	case NR_LSTAT:
#endif
	case NR_EXECVE:		*path_arg = 0; break;
	case NR_OPENAT:
	case NR_FACCESSAT:
	case NR_STATX:		*path_arg = 1; *flags_arg = 2; break;
	case NR_NEWFSTATAT:
	case NR_FACCESSAT2:	*path_arg = 1; *flags_arg = 3; break;
	case NR_EXECVEAT:	*path_arg = 1; *flags_arg = 4; break;
	case NR_OPENAT2:	*path_arg = 1; break;	/* flags: open_how.flags, read below */
	}
}

/* Calls whose first argument is the fd they act on: filetop's reads and writes,
 * and the close that ends a name's use for that fd. */
static __always_inline bool takes_fd(long id)
{
	switch (id) {
	case NR_READ: case NR_WRITE: case NR_CLOSE: case NR_PREAD64: case NR_PWRITE64:
	case NR_READV: case NR_WRITEV: case NR_FSYNC: case NR_FDATASYNC: case NR_PREADV:
	case NR_PWRITEV: case NR_PREADV2: case NR_PWRITEV2:
		return true;
	}
	return false;
}

/* Argument n (0..4: no call above takes a sixth) of the call in regs. */
static __always_inline unsigned long sys_arg(struct pt_regs *regs, int n)
{
	switch (n) {
	case 0: return PT_REGS_PARM1_CORE_SYSCALL(regs);
	case 1: return PT_REGS_PARM2_CORE_SYSCALL(regs);
	case 2: return PT_REGS_PARM3_CORE_SYSCALL(regs);
	case 3: return PT_REGS_PARM4_CORE_SYSCALL(regs);
	default: return PT_REGS_PARM5_CORE_SYSCALL(regs);
	}
}

/*
 * Entry arms the thread's inflight entry (ts != 0), exit disarms it. Task
 * storage entries are reused call after call; raw_tp's hash entries are
 * deleted at exit so that the hash holds only calls in flight.
 */
static __always_inline int handle_enter(bool btf, struct pt_regs *regs, long id)
{
	struct inflight *in, init = {};
	struct path_buf *buf;
	int path_arg, flags_arg;
	__u32 zero = 0;

	/* they never return: nothing to pair */
	if (id == NR_EXIT || id == NR_EXIT_GROUP)
		return 0;
	if (!id_wanted(id) || !current_wanted())
		return 0;

	in = slot(btf, &btf_inflight, &raw_inflight, &init, true);
	if (!in)
		return 0;
	in->ts = bpf_ktime_get_ns();
	in->id = id;
	in->flags = 0;
	in->has_path = 0;
	in->fd = takes_fd(id) ? (int)sys_arg(regs, 0) : -1;
	path_args(id, &path_arg, &flags_arg);
	if (flags_arg >= 0)
		in->flags = sys_arg(regs, flags_arg);
	if (path_arg < 0)
		return 0;
	buf = slot(btf, &btf_paths, &raw_paths, bpf_map_lookup_elem(&scratch, &zero), true);
	if (!buf) {
		in->ts = 0;	/* recorded with its path or not at all */
		return 0;
	}
	if (id == NR_OPENAT2 &&
	    bpf_probe_read_user(&in->flags, sizeof(in->flags), (void *)sys_arg(regs, 2)))
		in->flags = 0;
	if (bpf_probe_read_user_str(buf->path, sizeof(buf->path), (void *)sys_arg(regs, path_arg)) < 0)
		buf->path[0] = 0;
	in->has_path = 1;
	return 0;
}

static __always_inline void fill_syscall(bool btf, struct jrec_syscall *e, __u16 kind,
					 struct inflight *in, __u64 now, long ret)
{
	fill_hdr_at(btf, &e->hdr, kind, current_task_of(btf), in->ts);
	e->id = in->id;
	e->fd = in->fd;
	e->duration_ns = now - in->ts;
	e->ret = ret;
	e->flags = in->flags;
}

static __always_inline int handle_exit(bool btf, long ret)
{
	struct inflight *in, copy;
	struct path_buf *p;
	__u64 now;

	in = slot(btf, &btf_inflight, &raw_inflight, NULL, false);
	if (!in || !in->ts)
		return 0;
	now = bpf_ktime_get_ns();
	copy = *in;
	in->ts = 0;
	if (!btf)
		slot_delete(&raw_inflight);
	if (copy.has_path) {
		p = slot(btf, &btf_paths, &raw_paths, NULL, false);
		if (now - copy.ts >= min_duration_ns) {
			struct jrec_syscall_path *e = reserve(sizeof(*e));

			if (e) {
				fill_syscall(btf, &e->sc, JREC_SYSCALL_PATH, &copy, now, ret);
				if (!p || bpf_probe_read_kernel(e->path, sizeof(e->path), p->path))
					e->path[0] = 0;
				submit(e);
			}
		}
		if (!btf)
			slot_delete(&raw_paths);
	} else if (now - copy.ts >= min_duration_ns) {
		struct jrec_syscall *e = reserve(sizeof(*e));

		if (e) {
			fill_syscall(btf, e, JREC_SYSCALL, &copy, now, ret);
			submit(e);
		}
	}
	return 0;
}

/* A thread killed inside a syscall never reaches sys_exit; task storage
 * goes with its thread by itself. */
static __always_inline int handle_task_exit(struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);

	bpf_map_delete_elem(&raw_inflight, &tid);
	bpf_map_delete_elem(&raw_paths, &tid);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(btf_sys_enter, struct pt_regs *regs, long id)
{
	return handle_enter(true, regs, id);
}

SEC("raw_tp/sys_enter")
int BPF_PROG(raw_sys_enter, struct pt_regs *regs, long id)
{
	return handle_enter(false, regs, id);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(btf_sys_exit, struct pt_regs *regs, long ret)
{
	return handle_exit(true, ret);
}

SEC("raw_tp/sys_exit")
int BPF_PROG(raw_sys_exit, struct pt_regs *regs, long ret)
{
	return handle_exit(false, ret);
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(raw_sched_process_exit, struct task_struct *p)
{
	return handle_task_exit(p);
}
