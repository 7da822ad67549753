#!/usr/bin/env bash
# Launch to first recorded event: how long after a user presses Enter does a
# tracer record its first kernel event? Measured for jrec, perf record and
# bpftrace in one run, ROUNDS times each, medians printed. A benchmark, not a
# test: see bench/README.md.
#
#   sudo bench/startup.sh                          # 10 rounds, all tools, ~3 min
#   ROUNDS=3 TOOLS="jrec-sched jrec-syscall" bench/startup.sh
#   BURST=1 bench/startup.sh                       # also: does a burst right after attach lose events?
#   JREC=/opt/jrec/bin/jrec bench/startup.sh       # a release tarball's launcher instead of ./jrec
#
# The clock: CLOCK_MONOTONIC read just before exec of the tool (python's
# time.monotonic_ns, then os.execvp), against the first event's timestamp in
# what the tool recorded, which all three take from the same clock
# (bpf_ktime_get_ns; perf record -k CLOCK_MONOTONIC). A ticker process
# (python sleeping 1 ms in a loop) makes sure there is always a next event, so the
# first event comes within ~1 ms of the probes being attached.
#
# Tools:
#   jrec-sched    jrec record --events sched,proc,block   (goal: <= 1.0 s)
#   jrec-syscall  jrec record --events syscall            (goal: <= 1.5 s)
#   perf          perf record -a -k CLOCK_MONOTONIC -e sched:sched_switch
#   bpftrace      bpftrace -e 'tracepoint:sched:sched_switch { printf nsecs; exit }'
# For jrec, "line" is when its "recording ... (probes attached ...)" line
# reached the terminal, which is when a user starts the workload.
#
# BURST=1 then checks that the line does not come too early for the
# recorder: a getppid burst of BURST_CALLS calls started BURST_DELAY s after
# jrec's "recording" line must be recorded whole, or its losses counted (a
# cold recorder once lost 10-22 % of it; docs/performance.md).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
ROUNDS=${ROUNDS:-10}
TOOLS=${TOOLS:-jrec-sched jrec-syscall perf bpftrace}
JREC=${JREC:-$repo/jrec}
QUERY=${QUERY:-$repo/jrec}      # reads the captures: a full edition (the recording edition has no query)
BURST=${BURST:-}
BURST_CALLS=${BURST_CALLS:-5000000}
BURST_DELAY=${BURST_DELAY:-0.5}
BURST_ROUNDS=${BURST_ROUNDS:-3}

die() { echo "startup.sh: $*" >&2; exit 1; }
log() { echo "$*" >&2; }
[ "$(id -u)" = 0 ] || die "run as root (jrec record, perf -a and bpftrace all need it)"
need() { command -v "$1" >/dev/null 2>&1 || { log "installing $2..."; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null; }; }; }
need python3 python3
for t in $TOOLS; do case $t in perf) need perf linux-perf ;; bpftrace) need bpftrace bpftrace ;; jrec-*) ;; *) die "unknown tool $t";; esac; done
[ -d /sys/kernel/tracing/events ] || mount -t tracefs nodev /sys/kernel/tracing

work=$(mktemp -d /tmp/jrec-startup.XXXXXX)
ticker_pid=
cleanup() { [ -n "$ticker_pid" ] && kill "$ticker_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# jrec builds itself on first use; that is not startup.
"$JREC" --version >/dev/null
"$QUERY" --version >/dev/null

# Runs a command with stderr lines timestamped against t0; prints t0 (ns) on fd 3.
cat > "$work/launch.py" <<'EOF'
import os, subprocess, sys, time
t0 = time.monotonic_ns()
p = subprocess.Popen(sys.argv[2:], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
with open(sys.argv[1], "w") as log:
    for line in p.stderr:
        log.write("%d %s" % (time.monotonic_ns() - t0, line))
p.wait()
print(t0)
EOF

# One process sleeping 1 ms in a loop: a context switch every millisecond, without forking (a shell loop of
# sleep(1) forks 1000 times a second and loads a CPU by itself).
python3 -c 'import time
while True: time.sleep(0.001)' &
ticker_pid=$!

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
log "load average at start: $(loadavg)"

# first_ms TOOL ROUND -> "first_ms line_ms" (line_ms "-" when the tool prints no such line)
measure() {
	local tool=$1 r=$2 out="$work/$1-$2" t0 first line
	case $tool in
	jrec-sched|jrec-syscall)
		local ev=sched,proc,block; [ "$tool" = jrec-syscall ] && ev=syscall
		t0=$(python3 "$work/launch.py" "$out.log" "$JREC" record -d 1s --events "$ev" -o "$out.parquet")
		first=$("$QUERY" query "$out.parquet" "SELECT min(ts) FROM capture_rows WHERE kind IN ('sched_switch','sched_wakeup','sched_migrate','proc_exec','proc_fork','proc_exit','block_rq_issue','block_rq_complete','syscall')" | tail -1)
		line=$(awk '/probes attached/ { print int($1 / 1e6); exit }' "$out.log"); line=${line:--}
		rm -f "$out.parquet" ;;
	perf)
		t0=$(python3 "$work/launch.py" "$out.log" perf record -q -a -k CLOCK_MONOTONIC -e sched:sched_switch -o "$out.data" -- sleep 1)
		first=$(perf script -i "$out.data" -F time 2>/dev/null | head -1 | tr -d ' :' | awk -F. '{ printf "%d%06d000\n", $1, $2 }' || true)
		line=-; rm -f "$out.data" ;;
	bpftrace)
		t0=$(python3 "$work/launch.py" "$out.log" bpftrace -o "$out.txt" -e 'tracepoint:sched:sched_switch { printf("%llu\n", nsecs); exit(); }')
		first=$(grep -m1 -E '^[0-9]+$' "$out.txt" || true)
		line=- ;;
	esac
	[ -n "$first" ] && [ "$first" != NULL ] || die "$tool round $r recorded no event (see $out.log)"
	echo "$(( (first - t0) / 1000000 )) $line"
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) { print "-"; exit } print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
minmax() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }

for r in $(seq 1 "$ROUNDS"); do
	for t in $TOOLS; do
		measure "$t" "$r" >> "$work/$t.tsv"
	done
	log "round $r/$ROUNDS done (load $(loadavg))"
done

printf '\n%-14s %20s %14s %20s\n' tool "launch->first event" "(min-max)" "launch->'recording'"
for t in $TOOLS; do
	printf '%-14s %17s ms %14s %17s ms\n' "$t" "$(cut -d' ' -f1 "$work/$t.tsv" | median)" "$(cut -d' ' -f1 "$work/$t.tsv" | minmax)" \
		"$(cut -d' ' -f2 "$work/$t.tsv" | grep -v -- - | median)"
done
echo "load average at end: $(loadavg); $(nproc) CPUs; $ROUNDS rounds; medians"

[ -n "$BURST" ] || exit 0

# --- a burst right after attach ----------------------------------------------
need gcc gcc
gcc -O2 -o "$work/getppid" "$here/getppid.c"
printf '\nburst: %d getppid calls %ss after the recording line (jrec --events syscall)\n' "$BURST_CALLS" "$BURST_DELAY"
for r in $(seq 1 "$BURST_ROUNDS"); do
	out="$work/burst-$r"
	"$JREC" record --events syscall -d 1h -o "$out.parquet" 2> "$out.log" &
	jpid=$!
	until grep -q "probes attached" "$out.log" 2>/dev/null; do kill -0 $jpid 2>/dev/null || die "jrec exited: $(cat "$out.log")"; sleep 0.01; done
	sleep "$BURST_DELAY"
	"$work/getppid" "$BURST_CALLS" >/dev/null &
	bpid=$!
	wait $bpid
	sleep 0.5
	kill -TERM $jpid; wait $jpid || true  # not INT: a background job of a script starts with SIGINT ignored
	got=$("$QUERY" query "$out.parquet" "SELECT count(*) FROM syscall WHERE pid = $bpid AND name = 'getppid'" | tail -1)
	lost=$("$QUERY" query "$out.parquet" "SELECT coalesce(sum(lost), 0) FROM loss" | tail -1)
	printf 'round %d: recorded %d of %d (%.2f %% lost), loss rows count %d; load %s\n' "$r" "$got" "$BURST_CALLS" \
		"$(echo "100 * ($BURST_CALLS - $got) / $BURST_CALLS" | bc -l)" "$lost" "$(loadavg)"
	rm -f "$out.parquet"
done
