/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The --call-graph dwarf copy shared by profile.bpf.c and offcpu.bpf.c:
 * the current task's user registers (its pt_regs) and the top of its user
 * stack, for unwinding with .eh_frame in user space at record time.
 */
#ifndef __JREC_USTACK_BPF_H
#define __JREC_USTACK_BPF_H

/* Bytes of user stack to copy from sp: 0 (frame pointers only) or a power
 * of two from 512 to JREC_USTACK_MAX; set by the loader before load. */
const volatile __u32 ustack_bytes = 0;

/* Room a stack buffer needs past JREC_USTACK_MAX: a copy is made of whole
 * pages, and the verifier must see the last one fit whatever sp is. */
#define JREC_USTACK_SLACK	4096

/* The task storage of offcpu comes in two sizes: copies of up to this many
 * bytes (the default) use the smaller one. */
#define JREC_USTACK_SMALL	8192

/*
 * Fills r with the current task's user registers and copies up to
 * ustack_bytes (at most cap, a constant) of its stack from sp into stack,
 * which must hold cap + JREC_USTACK_SLACK bytes. The copy goes page by page:
 * a page that cannot be read without faulting (not present: a large local
 * buffer never touched, or past the top of the stack mapping) is skipped,
 * so one hole does not lose the frames above it. stack_len is the end of
 * the last page read. False for a task without user context.
 */
static __always_inline bool copy_user_stack(struct jrec_user_regs *r, __u8 *stack, const __u32 cap)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct pt_regs *regs;
	__u32 n = ustack_bytes, done = 0, first;
	__u64 off, len;	/* 64-bit: a 32-bit clamp gets zero-extended into a copy the verifier does not bound */
	__u64 sp;

	if (!n || !t->mm || (t->flags & PF_KTHREAD))
		return false;
	regs = (struct pt_regs *)bpf_task_pt_regs(t);
	if (!regs)
		return false;
	r->ip = PT_REGS_IP_CORE(regs);
	r->sp = sp = PT_REGS_SP_CORE(regs);
	r->bp = PT_REGS_FP_CORE(regs);
#if defined(__TARGET_ARCH_x86)
	/* the callee-saved registers .eh_frame rules may restore from */
	r->bx = BPF_CORE_READ(regs, bx);
	r->r12 = BPF_CORE_READ(regs, r12);
	r->r13 = BPF_CORE_READ(regs, r13);
	r->r14 = BPF_CORE_READ(regs, r14);
	r->r15 = BPF_CORE_READ(regs, r15);
#else
	/* arm64 (see jrec_user_regs): a leaf that has not stored x30 yet
	 * returns through it; x19..x28 hardly ever define a CFA */
	r->bx = PT_REGS_RET_CORE(regs);
	r->r12 = r->r13 = r->r14 = r->r15 = 0;
#endif
	r->_pad = 0;
	r->stack_len = 0;
	if (!sp)
		return true;
	if (n > cap)
		n = cap;
	/* to the end of sp's page, then whole pages */
	first = 4096 - (sp & 4095);
	if (first > n)
		first = n;
	if (first > 4096)
		first = 4096;
	if (bpf_probe_read_user(stack, first, (void *)sp))
		return true;	/* not even the leaf frame: registers only */
	done = first;
#pragma unroll
	for (int i = 0; i < cap / 4096; i++) {
		off = first + i * 4096;
		if (off >= n || off > cap)
			break;
		len = (__u64)n - off;
		/* the barriers keep clang from folding the clamp into a form the verifier cannot bound */
		asm volatile("" : "+r"(len));
		if (len > 4096)
			len = 4096;
		asm volatile("" : "+r"(len));
		if (bpf_probe_read_user(stack + off, len, (void *)(sp + off)) == 0)
			done = off + len;
	}
	r->stack_len = done;
	return true;
}

/*
 * Whether a record may carry its copy: only while the ring buffer is less
 * than half full. A burst (thousands of threads woken together) then loses
 * the copies of its later records — they go out frame-pointer only, and
 * are counted as such — instead of the records themselves.
 */
static __always_inline bool room_for_copy(void)
{
	__u64 size = bpf_ringbuf_query(&events, BPF_RB_RING_SIZE);

	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) < size / 2;
}

#endif /* __JREC_USTACK_BPF_H */
