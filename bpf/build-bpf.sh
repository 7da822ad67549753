#!/usr/bin/env bash
# Compiles src/main/bpf/*.bpf.c into $1 (the Maven build passes
# target/classes/bpf so the objects ship in the jar).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build-bpf.sh OUTDIR}"
src="$here/src/main/bpf"

command -v clang >/dev/null || { echo "clang not found: install Debian package clang (apt-get install -y clang llvm libbpf-dev)" >&2; exit 1; }
command -v llvm-strip >/dev/null || { echo "llvm-strip not found: install Debian package llvm (apt-get install -y llvm)" >&2; exit 1; }
[ -f /usr/include/bpf/bpf_helpers.h ] || { echo "bpf/bpf_helpers.h not found: install Debian package libbpf-dev (apt-get install -y libbpf-dev)" >&2; exit 1; }

mkdir -p "$out"
for c in "$src"/*.bpf.c; do
	o="$out/$(basename "${c%.c}").o"
	clang -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 -I"$src" -c "$c" -o "$o.tmp"
	# DWARF is 85% of the object; the BTF that CO-RE needs stays.
	llvm-strip -g "$o.tmp"
	mv "$o.tmp" "$o"
done
echo "built $(ls "$out"/*.bpf.o | wc -l) BPF objects into $out"
