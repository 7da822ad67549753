/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The stack map of profile.bpf.c and offcpu.bpf.c (each object gets its own), read by StackMap. */
#ifndef __JREC_STACKS_BPF_H
#define __JREC_STACKS_BPF_H

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

/* Whether a bpf_get_stackid result is a stack lost (a kernel thread's
 * missing user stack, -EFAULT, is not). */
static __always_inline bool stack_lost(__s32 id)
{
	return id < 0 && id != -JREC_EFAULT;
}

#endif /* __JREC_STACKS_BPF_H */
