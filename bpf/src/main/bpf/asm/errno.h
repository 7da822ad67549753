/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libbpf's usdt.bpf.h includes <linux/errno.h>, which wants the host's
 * <asm/errno.h> from a multiarch directory that differs per build host. The
 * values are asm-generic's on every architecture jrec builds for (x86-64,
 * arm64), so the objects need no host directory and stay reproducible.
 */
#include <asm-generic/errno.h>
