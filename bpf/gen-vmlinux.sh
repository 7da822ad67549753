#!/usr/bin/env bash
# Regenerates the committed vmlinux.h from the running kernel's BTF.
# Only needed when a program wants kernel types the committed header lacks:
# CO-RE relocations make the committed header work on other kernels.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
btf="${1:-/sys/kernel/btf/vmlinux}"
command -v bpftool >/dev/null || { echo "bpftool missing: apt-get install -y bpftool" >&2; exit 1; }
bpftool btf dump file "$btf" format c > "$here/src/main/bpf/vmlinux.h.tmp"
mv "$here/src/main/bpf/vmlinux.h.tmp" "$here/src/main/bpf/vmlinux.h"
echo "wrote $here/src/main/bpf/vmlinux.h from $btf"
