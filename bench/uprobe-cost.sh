#!/usr/bin/env bash
# What a probed call costs the program that makes it: a loop of CALLS calls to one function (bench/ufunc.c)
# timed bare, under bpftrace, and under jrec record, for a uprobe (count), a uretprobe (latency: entry and
# return paired) and, when <sys/sdt.h> is installed (systemtap-sdt-dev), a USDT probe in the function.
# Prints ns per call, the ns each probe adds, and jrec's added cost over bpftrace's (1.00 = the same).
# Then the same uprobe with the caller's user stack: frame pointers (--uprobe-stacks) against bpftrace's
# ustack, and a copy of the stack unwound with .eh_frame (--uprobe-stacks dwarf) against perf record
# --call-graph dwarf on a perf probe of the function (STACK_CALLS calls: perf writes 8 KiB a call), with
# the share of calls jrec gave a copy (it sends none while its ring buffer is half full).
#
#   sudo bench/uprobe-cost.sh                 # 1,000,000 calls, pinned to CPU 0
#   sudo CALLS=5000000 CPU=1 bench/uprobe-cost.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
CALLS=${CALLS:-1000000}
STACK_CALLS=${STACK_CALLS:-100000}
CPU=${CPU:-0}
JREC=${JREC:-$repo/jrec}

die() { echo "uprobe-cost.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"
command -v gcc >/dev/null || die "gcc not found (apt-get install gcc)"
command -v bpftrace >/dev/null || die "bpftrace not found (apt-get install bpftrace): it is the reference"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jrec-uprobecost.XXXXXX")
rec=
cleanup() {
	[ -n "$rec" ] && kill -INT "$rec" 2>/dev/null && wait "$rec" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

sdt=
# Debian puts it under the multiarch directory: ask the compiler
if echo '#include <sys/sdt.h>' | gcc -E -x c - >/dev/null 2>&1; then sdt=-DHAVE_SDT; fi
gcc -O2 $sdt -o "$WORK/ufunc" "$here/ufunc.c"
bin=$WORK/ufunc
n=$CALLS
run() { taskset -c "$CPU" "$bin" "$n"; }

# jrec record with ARGS until the loop is done; prints the loop's ns per call
under_jrec() {
	local log=$WORK/jrec.log
	"$JREC" record -o "$WORK/cap.parquet" --events proc "$@" 2>"$log" &
	rec=$!
	for _ in $(seq 600); do grep -q 'jrec: recording' "$log" && break; sleep 0.05; done
	grep -q 'jrec: recording' "$log" || die "jrec did not start: $(cat "$log")"
	run
	kill -INT "$rec"; wait "$rec" || die "jrec failed: $(cat "$log")"
	rec=
	grep -E 'lost|drop|user stacks' "$log" | sed 's/^ */    jrec: /' >&2 || true
	rm -f "$WORK/cap.parquet"
}

# bpftrace pinned, so that its child is (with -c taskset, its USDT probes would be looked for in taskset); a
# count leaves its user space idle during the loop. Events it lost (printf's perf buffer) go to stderr.
under_bpftrace() {
	taskset -c "$CPU" bpftrace -e "$1" -c "$bin $n" 2>"$WORK/bt.err" >"$WORK/bt.out" || die "bpftrace failed: $(cat "$WORK/bt.err")"
	grep -E 'Lost [0-9]+ events' "$WORK/bt.err" | sed 's/^/    bpftrace: /' >&2 || true
	grep -E '^[0-9.]+$' "$WORK/bt.out" | head -1
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $CALLS calls on CPU $CPU; $(uname -r)"
base=$(run)
printf '%-16s %10s %12s %12s %12s %12s %8s\n' probe bare_ns bpftrace_ns jrec_ns bpftrace_add jrec_add ratio
line() { # name bare bpftrace jrec
	awk -v n="$1" -v b="$2" -v t="$3" -v j="$4" 'BEGIN { printf "%-16s %10.1f %12.1f %12.1f %12.1f %12.1f %8.2f\n", n, b, t, j, t - b, j - b, (t - b > 0 ? (j - b) / (t - b) : 0) }'
}
# jrec records each call with its argument; bpftrace's count() only counts it in the kernel, its printf sends
# each one to user space as jrec does (and loses what its perf buffer cannot hold)
jr=$(under_jrec --uprobe "$bin:work(i)")
bt=$(under_bpftrace "uprobe:$bin:work { @calls = count(); }")
line uprobe "$base" "$bt" "$jr"
bt=$(under_bpftrace "uprobe:$bin:work { printf(\"%d %d\\n\", tid, arg0); }")
line uprobe/printf "$base" "$bt" "$jr"
bt=$(under_bpftrace "uprobe:$bin:work { @start[tid] = nsecs; } uretprobe:$bin:work /@start[tid]/ { @ns = hist(nsecs - @start[tid]); delete(@start[tid]); }")
jr=$(under_jrec --uretprobe "$bin:work(i)")
line uretprobe "$base" "$bt" "$jr"
if [ -n "$sdt" ]; then
	base_sdt=$(run)
	bt=$(under_bpftrace "usdt:$bin:jrec:tick { @calls = count(); }")
	jr=$(under_jrec --usdt "$bin:jrec:tick(i)")
	line usdt "$base_sdt" "$bt" "$jr"
else
	echo "usdt: skipped (no <sys/sdt.h>: apt-get install systemtap-sdt-dev)"
fi
n=$STACK_CALLS
echo "with the caller's user stack, $n calls:"
base=$(run)
bt=$(under_bpftrace "uprobe:$bin:work { @[ustack] = count(); }")
jr=$(under_jrec --uprobe "$bin:work(i)" --uprobe-stacks)
line uprobe+fp "$base" "$bt" "$jr"
if command -v perf >/dev/null; then
	perf probe -q -x "$bin" work || die "perf probe -x $bin work failed"
	ev=$(perf probe -l 2>/dev/null | awk '/ufunc/ { print $1; exit }')
	pf=$(perf record -q -o "$WORK/perf.data" -e "$ev" --call-graph dwarf -- taskset -c "$CPU" "$bin" "$n")
	echo "    perf: $(du -h "$WORK/perf.data" | cut -f1) written" >&2
	rm -f "$WORK/perf.data"
	perf probe -q -d "$ev"
	jr=$(under_jrec --uprobe "$bin:work(i)" --uprobe-stacks dwarf)
	echo "(against perf record --call-graph dwarf)"
	line uprobe+dwarf "$base" "$pf" "$jr"
else
	echo "uprobe+dwarf: skipped (no perf: apt-get install linux-perf)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
