#!/usr/bin/env bash
# Regenerates the committed BPF objects: compiles src/main/bpf/*.bpf.c for
# x86_64 and arm64 into src/main/bpf/obj/ARCH/, and writes obj/SHA256SUMS
# (the inputs, the toolchain and the outputs). The Maven build only copies
# obj/ into the jar, so building jrec needs no clang; BpfObjectsTest fails
# when the sources no longer match the objects. See docs/bpf.md.
#
#   bpf/build-bpf.sh          rewrites src/main/bpf/obj
#   bpf/build-bpf.sh OUTDIR   writes the same files under OUTDIR instead
#
# Reproducible: the same sources, clang and libbpf headers give the same
# bytes wherever the checkout lives. clang runs in the source directory on
# relative names, and -fdebug-compilation-dir=. keeps the absolute path out
# of the file names that .BTF.ext line info records.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main/bpf"
out="${1:-$src/obj}"

command -v clang >/dev/null || { echo "clang not found: install Debian package clang (apt-get install -y clang llvm libbpf-dev)" >&2; exit 1; }
command -v llvm-strip >/dev/null || { echo "llvm-strip not found: install Debian package llvm (apt-get install -y llvm)" >&2; exit 1; }
[ -f /usr/include/bpf/bpf_helpers.h ] || { echo "bpf/bpf_helpers.h not found: install Debian package libbpf-dev (apt-get install -y libbpf-dev)" >&2; exit 1; }

# Every flag that shapes the bytes, but the per-arch -D__TARGET_ARCH_.
cflags=(-g -O2 -Wall -Werror -target bpf -fdebug-compilation-dir=. -I.)
# obj/ directory name : bpf_tracing.h's target name
arches=(x86_64:x86 arm64:arm64)

clang_version="$(clang --version | head -1)"
manifest="$src/obj/SHA256SUMS"
if [ -f "$manifest" ] && ! grep -qxF "# clang: $clang_version" "$manifest"; then
	echo "note: $(grep '^# clang: ' "$manifest" | cut -c10-) built the committed objects, $clang_version builds these: expect every object to change" >&2
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$src"
for a in "${arches[@]}"; do
	dir=${a%%:*}
	tmp="$out/$dir.tmp"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	for c in *.bpf.c; do
		clang "${cflags[@]}" -D__TARGET_ARCH_"${a#*:}" -c "$c" -o "$tmp/${c%.c}.o"
		# DWARF is 85% of the object; the BTF that CO-RE needs stays.
		llvm-strip -g "$tmp/${c%.c}.o"
	done
	rm -rf "${out:?}/$dir"
	mv "$tmp" "$out/$dir"
done

# Paths relative to bpf/, so that `cd bpf && sha256sum -c src/main/bpf/obj/SHA256SUMS` checks a checkout.
headers="$(for a in "${arches[@]}"; do clang "${cflags[@]}" -D__TARGET_ARCH_"${a#*:}" -M *.bpf.c; done |
	tr -s ' \\' '\n\n' | grep '^/' | sort -u)"
{
	echo "# What built the objects beside this file: bpf/build-bpf.sh wrote it, BpfObjectsTest checks it."
	echo "# Paths are relative to bpf/: cd bpf && sha256sum -c src/main/bpf/obj/SHA256SUMS"
	echo "# clang: $clang_version"
	echo "# llvm-strip: $(llvm-strip --version | grep -m1 -i version | sed 's/^ *//')"
	echo "# flags: ${cflags[*]} -D__TARGET_ARCH_{x86,arm64}"
	(cd "$here" && sha256sum build-bpf.sh)
	(cd "$here" && sha256sum src/main/bpf/*.bpf.c src/main/bpf/*.h src/main/bpf/asm/*.h)
	echo "# toolchain headers (libbpf-dev): a different version may change the bytes"
	sha256sum $headers
	for a in "${arches[@]}"; do
		(cd "$out" && sha256sum "${a%%:*}"/*.bpf.o) | sed 's|  |  src/main/bpf/obj/|'
	done
} > "$out/SHA256SUMS"
echo "built $(ls "$out"/*/*.bpf.o | wc -l) BPF objects into $out (${arches[*]%%:*})"
