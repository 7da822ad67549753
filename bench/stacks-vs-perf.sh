#!/usr/bin/env bash
# On-CPU profiles of one workload by jrec and by perf, recorded at the same time, compared: the
# functions each finds hottest (self time, the leaf frame of each sample) and the share of samples
# whose stack contains each function (inclusive), top 10 of each. The workload is a program with
# known hot functions, built with frame pointers, that also spends time in libc (memcpy, qsort).
#
#   sudo bench/stacks-vs-perf.sh              # ~30 s
#   SECS=20 TOL=3 bench/stacks-vs-perf.sh     # longer run, tolerance in percentage points
#   PERF_CG=fp bench/stacks-vs-perf.sh        # perf -g (frame pointers): its stacks lose the callers of
#                                             # libc functions, so inclusive shares differ by design
#
# Both unwind with DWARF CFI by default (perf --call-graph dwarf, jrec --call-graph dwarf), both
# copying 8 KiB of user stack per sample.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
SECS=${SECS:-10}
HZ=${HZ:-99}
TOL=${TOL:-5}
PERF_CG=${PERF_CG:-dwarf}
JREC=${JREC:-$repo/jrec}

die() { echo "stacks-vs-perf.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (perf -a and jrec record need it)"
command -v perf >/dev/null || die "perf not found (apt-get install linux-perf)"
command -v gcc >/dev/null || die "gcc not found"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jrec-stacks.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/hot.c" <<'C'
#include <stdlib.h>
#include <string.h>
#include <time.h>
static volatile unsigned long sink;
static char a[1 << 16], b[1 << 16];
static int cmp(const void *x, const void *y) { return *(const int *)x - *(const int *)y; }
__attribute__((noinline)) void spin_a(void) { for (unsigned long i = 0; i < 3000000; i++) sink += i * i; }
__attribute__((noinline)) void spin_b(void) { for (unsigned long i = 0; i < 1500000; i++) sink ^= i << 3; }
__attribute__((noinline)) void copy_c(void) { for (int i = 0; i < 60; i++) { memcpy(a, b, sizeof a); sink += a[i]; } }
__attribute__((noinline)) void sort_d(void) {
	static int v[20000];
	for (int i = 0; i < 20000; i++) v[i] = rand();
	qsort(v, 20000, sizeof v[0], cmp);
}
__attribute__((noinline)) void work(void) { spin_a(); spin_b(); copy_c(); sort_d(); }
int main(int argc, char **argv)
{
	time_t end = time(0) + atoi(argv[1]);
	while (time(0) < end) work();
	return 0;
}
C
gcc -O1 -g -fno-omit-frame-pointer -fno-inline -o "$WORK/hot" "$WORK/hot.c"

"$JREC" record --help >/dev/null || die "$JREC does not build"
"$WORK/hot" $((SECS + 8)) &
hot=$!
sleep 1
perf record -q -F "$HZ" --call-graph "$PERF_CG" -p "$hot" -o "$WORK/perf.data" -- sleep "$SECS" 2>"$WORK/perf.err" &
perfpid=$!
"$JREC" record -F "$HZ" --events profile --call-graph "$PERF_CG" -p "$hot" -d "${SECS}s" -o "$WORK/jrec.parquet" 2>"$WORK/jrec.err" || { cat "$WORK/jrec.err" >&2; die "jrec record failed"; }
wait "$perfpid" || { cat "$WORK/perf.err" >&2; die "perf record failed"; }
kill "$hot" 2>/dev/null || true

# folded stacks, root first: "comm;f1;f2;...;leaf count"
perf script -i "$WORK/perf.data" -F comm,ip,sym 2>/dev/null | awk '
	/^\S/ { if (n) emit(); comm = $1; n = 0; next }
	NF >= 2 { sym = $2; sub(/\+0x[0-9a-f]+$/, "", sym); f[n++] = sym; next }
	NF == 0 { if (n) emit(); n = 0 }
	function emit(   s, i) { s = comm; for (i = n - 1; i >= 0; i--) s = s ";" f[i]; c[s]++ }
	END { if (n) emit(); for (s in c) print s, c[s] }' >"$WORK/perf.folded"
"$JREC" report "$WORK/jrec.parquet" profile >"$WORK/jrec.folded" 2>"$WORK/report.err" || { cat "$WORK/report.err" >&2; die "jrec report failed"; }

python3 - "$WORK/perf.folded" "$WORK/jrec.folded" "$TOL" <<'PY'
import re, sys
def canon(name):
    # glibc gives one address several names (random and __random, __GI___qsort_r and qsort_r,
    # __memcpy_* and __memmove_*, __libc_start_main and __libc_start_main_impl) and perf, in its two
    # call-graph modes, picks differently among them; gcc clones add .part.N/.isra.N/.constprop.N
    name = re.sub(r"\.(part|isra|constprop|cold)\.?\d*", "", name)
    name = re.sub(r"^(__GI_)?_*", "", name)
    name = re.sub(r"_impl$", "", name)
    return re.sub(r"^memcpy_", "memmove_", name)
def load(path):
    self_, incl, total = {}, {}, 0
    for line in open(path):
        stack, n = line.rstrip("\n").rsplit(" ", 1)
        n = int(n)
        # jrec marks kernel frames with _[k]; perf names them plainly: compare user functions
        frames = [re.sub(r"_\[k\]$", "", f) for f in stack.split(";")[1:]]
        frames = [canon(f.split("(")[0]) for f in frames if f and f != "[unknown]"]
        if not frames:
            continue
        total += n
        self_[frames[-1]] = self_.get(frames[-1], 0) + n
        for f in set(frames):
            incl[f] = incl.get(f, 0) + n
    return {k: 100.0 * v / total for k, v in self_.items()}, {k: 100.0 * v / total for k, v in incl.items()}, total
ps, pi, pt = load(sys.argv[1])
js, ji, jt = load(sys.argv[2])
tol = float(sys.argv[3])
print(f"samples: perf {pt}, jrec {jt}")
worst = 0.0
for title, p, j in (("self (leaf frame)", ps, js), ("inclusive (in the stack)", pi, ji)):
    top = sorted(p, key=p.get, reverse=True)[:10]
    print(f"\ntop 10 by perf, {title}:  {'perf %':>8} {'jrec %':>8} {'diff':>6}")
    for f in top:
        d = j.get(f, 0.0) - p[f]
        worst = max(worst, abs(d))
        print(f"  {f[:40]:<40} {p[f]:8.1f} {j.get(f, 0.0):8.1f} {d:+6.1f}")
    missing = [f for f in sorted(j, key=j.get, reverse=True)[:10] if f not in top]
    if missing:
        print("  in jrec's top 10 but not perf's: " + ", ".join(missing))
print(f"\nlargest difference: {worst:.1f} points (tolerance {tol})")
sys.exit(0 if worst <= tol else 1)
PY
