#!/usr/bin/env bash
# How long a ring recording's dumps take, from the user's side: a trigger's, from the end of its post-window to
# the file complete (the recorder's own "complete X s after its window", checked against the file's appearance),
# and jrec dump's, from the command to its answer, idle and while perf bench sched pipe loads both CPUs.
# A benchmark, not a test (bench/README.md); prints the load average next to every figure.
#
#   sudo bench/ring-dump.sh            # ROUNDS=5 by default, ~2 min
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
JREC=${JREC:-$repo/jrec}
ROUNDS=${ROUNDS:-5}
RING=${RING:-2m}
die() { echo "ring-dump.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"
command -v perf >/dev/null || die "perf is needed for the load (apt install linux-perf)"

work=$(mktemp -d /tmp/jrec-ring-dump.XXXXXX)
rec=
cleanup() { [ -n "$rec" ] && kill -INT "$rec" 2>/dev/null && wait "$rec" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$JREC" --version >/dev/null
env --default-signal=INT "$JREC" record --ring "$RING" --dir "$work" --events sched,proc --trigger 'exit signal=ABRT' \
	--pre 20s --post 2s --trigger-holdoff 0s 2>"$work/log" &
rec=$!
until grep -q 'jrec: recording' "$work/log"; do kill -0 "$rec" 2>/dev/null || { cat "$work/log"; die "the recorder exited"; }; sleep 0.1; done
sleep 25   # a full pre-window

loadavg() { cut -d' ' -f1 /proc/loadavg; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

measure() { # label
	local i t0 t1 n
	: >"$work/dump.s"
	for ((i = 0; i < ROUNDS; i++)); do
		t0=$(date +%s.%N)
		"$JREC" dump --dir "$work" --last 20s -o "$work/d$i.parquet" >/dev/null 2>&1 || die "jrec dump failed"
		t1=$(date +%s.%N)
		echo "$t1 - $t0" | bc -l >>"$work/dump.s"
		rm -f "$work/d$i.parquet"
	done
	n=$(grep -c "wrote .*trigger 'exit signal=ABRT'" "$work/log" || true)
	for ((i = 0; i < ROUNDS; i++)); do (sh -c 'kill -ABRT $$') 2>/dev/null || true; sleep 3; done
	sleep 3
	grep "wrote .*trigger 'exit signal=ABRT'" "$work/log" | tail -n +$((n + 1)) | sed -n 's/.*complete \([0-9.]*\) s after its window.*/\1/p' >"$work/trig.s"
	printf '%-8s load %-5s  jrec dump --last 20s: median %.2f s (%d runs)   trigger to file, after the post-window: median %.2f s (%d of %d)\n' \
		"$1" "$(loadavg)" "$(median <"$work/dump.s")" "$ROUNDS" "$(median <"$work/trig.s")" "$(wc -l <"$work/trig.s")" "$ROUNDS"
	rm -f "$work"/dumps/*.parquet
}

measure idle
perf bench sched pipe -l 100000000 >/dev/null 2>&1 &
load=$!
sleep 10
measure loaded
kill "$load" 2>/dev/null || true
wait "$load" 2>/dev/null || true
