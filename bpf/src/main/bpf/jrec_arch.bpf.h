/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What differs between the architectures jrec ships objects for. The one
 * vmlinux.h is x86-64's: CO-RE relocates field accesses against the running
 * kernel's BTF, so an arm64 object only needs the arm64 types it names
 * declared here (as libbpf-tools does for types its vmlinux.h lacks).
 */
#ifndef __JREC_ARCH_BPF_H
#define __JREC_ARCH_BPF_H

#if !defined(__TARGET_ARCH_x86) && !defined(__TARGET_ARCH_arm64)
#error "build with -D__TARGET_ARCH_x86 or -D__TARGET_ARCH_arm64 (bpf/build-bpf.sh does)"
#endif

#if defined(__TARGET_ARCH_arm64)
/* bpf_tracing.h's arm64 PT_REGS_*_CORE read pt_regs through this: its first
 * member on arm64. The layout is arm64's uapi, which CO-RE checks at load. */
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
} __attribute__((preserve_access_index));
#endif

/* A user function's sixth argument: bpf_tracing.h (libbpf 1.1) stops at the fifth. */
#if defined(__TARGET_ARCH_x86)
#define JREC_PT_REGS_PARM6(x)	((x)->r9)
#else
#define JREC_PT_REGS_PARM6(x)	(((const struct user_pt_regs *)(x))->regs[5])
#endif

#endif /* __JREC_ARCH_BPF_H */
