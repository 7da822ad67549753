#!/usr/bin/env bash
# Tracer overhead, measured in one run: how much a scheduler-heavy and a
# syscall-heavy workload slow down under jrec record, perf record and
# bpftrace, each traced run paired with a bare (baseline) run, repeated
# ROUNDS times; prints medians. A benchmark, not a test: see bench/README.md.
#
#   sudo bench/overhead.sh                     # everything, ~15-20 min on 2 CPUs
#   ROUNDS=3 TOOLS="jrec perf" WORKLOADS=pipe bench/overhead.sh
#
# Workloads (both pinned to CPU $CPU, so the tracer's user space runs elsewhere):
#   pipe     taskset -c 0 perf bench sched pipe -l 1000000   (2 switches + 1-2 wakeups a loop)
#   getppid  a C loop of syscall(SYS_getppid), 5,000,000 calls, compiled here
# Tracers, started system-wide before the workload and stopped with SIGINT after it:
#   jrec      jrec record --events sched (pipe) / --events syscall (getppid)
#   jrec-ring the same as a flight recorder: --ring 5m into a work folder (the ring is dumped offline after the
#             stop for the counts), TOOLS="jrec jrec-ring" compares the two
#   perf      perf record -a -e sched:sched_switch -e sched:sched_wakeup
#                          / -e raw_syscalls:sys_enter -e raw_syscalls:sys_exit
#   bpftrace  runqlat-style run-queue latency histogram (pipe) / count per syscall id (getppid)
# Stack tracers (TOOLS="jrec-profile perf-profile jrec-offcpu bpftrace-offcpu", on either workload):
#   jrec-profile     jrec record --events profile (99 Hz per CPU, kernel + user stacks, --call-graph dwarf)
#   perf-profile     perf record -a -F 99 -g
#   jrec-offcpu      jrec record --events offcpu (a stack at every switch-out, intervals >= 1 ms kept)
#   bpftrace-offcpu  offcputime-style: kernel + user stack counted at every switch-out, blocked time summed
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

ROUNDS=${ROUNDS:-5}
PIPE_LOOPS=${PIPE_LOOPS:-1000000}
GETPPID_CALLS=${GETPPID_CALLS:-5000000}
TOOLS=${TOOLS:-jrec perf bpftrace}
WORKLOADS=${WORKLOADS:-pipe getppid}
CPU=${CPU:-0}                    # the CPU the workload is pinned to
SETTLE=${SETTLE:-1}              # seconds between "tracer attached" and the workload
JREC=${JREC:-$repo/jrec}
JREC_ARGS=${JREC_ARGS:-}         # extra jrec record options, e.g. "--buffer 64M"
JREC_MAX=${JREC_MAX:-1h}         # jrec's -d: only a backstop, the script stops it with SIGINT
KEEP=${KEEP:-}                   # set to keep the work directory (per-run logs; captures are deleted)

die() { echo "overhead.sh: $*" >&2; exit 1; }
log() { echo "$*" >&2; }

[ "$(id -u)" = 0 ] || die "run as root (perf -a, bpftrace and jrec record all need it)"
for w in $WORKLOADS; do case $w in pipe|getppid) ;; *) die "unknown workload '$w' (pipe, getppid)";; esac; done
for t in $TOOLS; do case $t in jrec|jrec-ring|perf|bpftrace|jrec-profile|perf-profile|jrec-offcpu|bpftrace-offcpu) ;;
	*) die "unknown tool '$t' (jrec, jrec-ring, perf, bpftrace, jrec-profile, perf-profile, jrec-offcpu, bpftrace-offcpu)";; esac; done

# --- tools -------------------------------------------------------------------
apt_updated=
need() { # command debian-package
	command -v "$1" >/dev/null 2>&1 && return
	log "installing $2 (for $1)..."
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q "$2" >/dev/null 2>&1; then
		[ -n "$apt_updated" ] || { apt-get update -q >/dev/null 2>&1 || true; apt_updated=1; }
		apt-get install -y -q "$2" >/dev/null || die "could not install $2"
	fi
	command -v "$1" >/dev/null 2>&1 || die "$2 installed but $1 not found"
}
need perf linux-perf
need gcc gcc
need taskset util-linux
need /usr/bin/time time
env --default-signal=INT true 2>/dev/null || die "env --default-signal not supported (GNU coreutils >= 8.31 needed)"
case " $TOOLS " in *" bpftrace"*) need bpftrace bpftrace;; esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jrec-overhead.XXXXXX")
RESULTS=$WORK/results.tsv
tracer_pid=   # the /usr/bin/time process of the running tracer, if any
cleanup() {
	if [ -n "$tracer_pid" ] && tracer_alive; then
		stop_tracer "${tool:-}" || true
	fi
	if [ -n "$KEEP" ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -o "$WORK/getppid" "$here/getppid.c"

cat >"$WORK/runqlat.bt" <<'EOF'
// runqlat-style: run-queue latency histogram, from wakeup (or preemption) to switch-in
tracepoint:sched:sched_wakeup,
tracepoint:sched:sched_wakeup_new
{
	@qtime[args->pid] = nsecs;
}

tracepoint:sched:sched_switch
{
	if (args->prev_state == 0) {	// TASK_RUNNING: preempted, back in the queue
		@qtime[args->prev_pid] = nsecs;
	}
	$ns = @qtime[args->next_pid];
	if ($ns) {
		@usecs = hist((nsecs - $ns) / 1000);
	}
	delete(@qtime[args->next_pid]);
}

END
{
	clear(@qtime);
}
EOF

cat >"$WORK/offcputime.bt" <<'EOF'
// offcputime-style with tracepoints only (no kprobes here): the stack of every task switched out,
// and the time it then spent off CPU
tracepoint:sched:sched_switch
{
	@start[tid] = nsecs;
	@stacks[kstack, ustack, comm] = count();
	$s = @start[args->next_pid];
	if ($s) {
		@offcpu_us = sum((nsecs - $s) / 1000);
		delete(@start[args->next_pid]);
	}
}

END
{
	clear(@start);
	clear(@stacks);
}
EOF

cat >"$WORK/syscount.bt" <<'EOF'
// per-syscall counter, system-wide
tracepoint:raw_syscalls:sys_enter
{
	@[args->id] = count();
}
EOF

if [[ " $TOOLS " == *" jrec "* ]]; then
	log "building jrec if needed..."
	"$JREC" record --help >/dev/null || die "$JREC record --help failed"
fi

# --- runs ----------------------------------------------------------------------
workload_cmd() {
	case $1 in
	pipe) echo "taskset -c $CPU perf bench sched pipe -l $PIPE_LOOPS" ;;
	getppid) echo "taskset -c $CPU getppid $GETPPID_CALLS" ;;
	esac
}

# Runs the workload; sets secs to its own measure of its run time in seconds.
run_workload() {
	case $1 in
	pipe) secs=$(taskset -c "$CPU" perf bench sched pipe -l "$PIPE_LOOPS" | awk '/Total time/ {print $3}') ;;
	getppid) secs=$(taskset -c "$CPU" "$WORK/getppid" "$GETPPID_CALLS") ;;
	esac
	[[ $secs =~ ^[0-9.]+$ ]] || die "workload $1 printed no time"
}

# perf record -a of these tracepoints into $out, leaving out perf's own
# events as jrec leaves out its own (a tracepoint filter on the pid that sh
# has and perf keeps after exec): system-wide, perf would record the
# syscalls and wakeups of its own writing.
perf_cmd() {
	local filter='common_pid != $$' script='exec perf record -a -q -o "$0"' ev
	for ev; do script+=" -e $ev --filter \"$filter\""; done   # sh expands $$
	cmd=(sh -c "$script" "$out")
}

# tracer_cmd TOOL WORKLOAD DIR: sets cmd=(...) and out (the tracer's output file).
tracer_cmd() {
	local d=$3
	case $1/$2 in
	jrec/pipe) out=$d/rec.parquet; cmd=("$JREC" record --events sched -o "$out" -d "$JREC_MAX" $JREC_ARGS) ;;
	jrec/getppid) out=$d/rec.parquet; cmd=("$JREC" record --events syscall -o "$out" -d "$JREC_MAX" $JREC_ARGS) ;;
	jrec-ring/pipe) out=$d/ring/ring; cmd=("$JREC" record --events sched --ring 5m --dir "$d/ring" -d "$JREC_MAX" $JREC_ARGS) ;;
	jrec-ring/getppid) out=$d/ring/ring; cmd=("$JREC" record --events syscall --ring 5m --dir "$d/ring" -d "$JREC_MAX" $JREC_ARGS) ;;
	perf/pipe) out=$d/perf.data; perf_cmd sched:sched_switch sched:sched_wakeup ;;
	perf/getppid) out=$d/perf.data; perf_cmd raw_syscalls:sys_enter raw_syscalls:sys_exit ;;
	bpftrace/pipe) out=$d/stdout; cmd=(bpftrace "$WORK/runqlat.bt") ;;
	bpftrace/getppid) out=$d/stdout; cmd=(bpftrace "$WORK/syscount.bt") ;;
	jrec-profile/*) out=$d/rec.parquet; cmd=("$JREC" record --events profile -o "$out" -d "$JREC_MAX" $JREC_ARGS) ;;
	jrec-offcpu/*) out=$d/rec.parquet; cmd=("$JREC" record --events offcpu -o "$out" -d "$JREC_MAX" $JREC_ARGS) ;;
	perf-profile/*) out=$d/perf.data; cmd=(sh -c 'exec perf record -a -q -F 99 -g -o "$0"' "$out") ;;
	bpftrace-offcpu/*) out=$d/stdout; cmd=(bpftrace "$WORK/offcputime.bt") ;;
	esac
}

# The tracer itself: the child of /usr/bin/time (jrec's launcher execs java, so
# that is the JVM). time ignores SIGINT while it waits, so signals go here.
tracer_child() {
	cat "/proc/$tracer_pid/task/$tracer_pid/children" 2>/dev/null | awk '{print $1}'
}

# Whether /usr/bin/time, and so the tracer under it, still runs (not a zombie).
tracer_alive() {
	local st
	st=$(awk '{print $3}' "/proc/$tracer_pid/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ]
}

# start_tracer TOOL WORKLOAD DIR: starts it under /usr/bin/time -v and waits
# until it is recording. A script's background jobs start with SIGINT
# ignored, and a JVM that starts so never handles it: env restores it.
start_tracer() {
	local tool=${1%%-*} d=$3 i limit=1200
	[ "$tool" = jrec ] && limit=3000   # ./jrec rebuilds first if a source changed since the last build
	tracer_cmd "$1" "$2" "$d"
	/usr/bin/time -v -o "$d/time.txt" env --default-signal=INT "${cmd[@]}" >"$d/stdout" 2>"$d/stderr" &
	tracer_pid=$!
	for ((i = 0; i < limit; i++)); do
		tracer_alive || { wait "$tracer_pid" || true; tracer_pid=; cat "$d/stderr" >&2; die "$tool exited before recording"; }
		case $tool in
		jrec) [ -d "$out.parts" ] && break ;;                 # created once the probes are attached
		perf) [ -s "$out" ] && break ;;
		bpftrace) grep -q '^Attaching' "$d/stdout" 2>/dev/null && break ;;
		esac
		sleep 0.1
	done
	((i < limit)) || die "$tool did not start recording within $((limit / 10)) s (see $d/stderr)"
	sleep "$SETTLE"
}

# SIGINT, then wait. bpftrace now and then misses a SIGINT that comes soon
# after it attached, so perf and bpftrace get it again every 5 s; jrec not:
# a second signal abandons its capture, so it gets time to finish instead.
stop_tracer() { # tool
	local child rc=0 i limit=600
	set -- "${1%%-*}"
	child=$(tracer_child)
	[ -n "$child" ] && kill -INT "$child" 2>/dev/null
	[ "$1" = jrec ] && limit=3000
	for ((i = 1; i <= limit; i++)); do
		tracer_alive || break
		sleep 0.1
		if [ "$1" != jrec ] && ((i % 50 == 0)); then
			log "  $1 still running ${i}00 ms after SIGINT: again"
			kill -INT "$child" 2>/dev/null || true
		fi
	done
	if ((i > limit)); then
		kill -KILL "$child" 2>/dev/null || true
		wait "$tracer_pid" || true
		tracer_pid=
		die "$1 did not exit within $((limit / 10)) s of SIGINT"
	fi
	wait "$tracer_pid" || rc=$?
	tracer_pid=
	return $rc
}

# Sum of a "source events drops" table of jrec info, etc.
jrec_stats() { # capture -> "events drops rows"
	"$JREC" info "$1" | awk '
		/^source +events +drops/ {s = 1; next}
		s && NF == 0 {s = 0}
		s {gsub(",", ""); ev += $2; dr += $3}
		/^total / {gsub(",", ""); rows = $2}
		END {printf "%d %d %d\n", ev, dr, rows}'
}

perf_stats() { # perf.data -> "samples lost_samples"
	# Aggregated stats first (SAMPLE: samples written), then one section per
	# event whose LOST_SAMPLES line counts the samples that full buffers cost.
	perf report --stats -i "$1" 2>/dev/null | awk '
		/SAMPLE events:/ && !samples {samples = $3}
		/ stats:$/ {per_event = 1}
		per_event && /LOST_SAMPLES events:/ {lost += $3}
		END {printf "%d %d\n", samples, lost}'
}

bpftrace_events() { # stdout -> events aggregated (histogram entries, or counts)
	awk '
		/^[[(]/ {for (i = 2; i <= NF; i++) if ($i ~ /^\|/) {n += $(i - 1); break}}
		/^@.*: [0-9]+$/ {n += $NF}
		END {print n + 0}' "$1"
}

# One traced run: sets secs ev dr bytes rows cpu rss (run time, events,
# drops, bytes on disk, rows or samples, tracer CPU seconds, its max RSS in kB).
traced_run() { # tool workload dir
	local tool=${1%%-*} w=$2 d=$3 rc
	ev=0 dr=0 bytes=0 rows=0
	mkdir -p "$d"
	start_tracer "$1" "$w" "$d"
	run_workload "$w"
	rc=0; stop_tracer "$1" || rc=$?
	# perf exits 130 after SIGINT; jrec and bpftrace exit 0
	if ((rc != 0)) && ! { [ "$tool" = perf ] && ((rc == 130)); }; then
		cat "$d/stderr" >&2; die "$tool exited with $rc"
	fi
	if [ "$1" = jrec-ring ]; then # the ring is not a capture: its offline dump is (all of it: the run is shorter than 5m)
		"$JREC" dump --dir "$d/ring" -o "$d/rec.parquet" >/dev/null 2>>"$d/stderr" || { cat "$d/stderr" >&2; die "jrec dump of the ring failed"; }
		out=$d/rec.parquet
	fi
	case $tool in
	jrec) read -r ev dr rows < <(jrec_stats "$out"); bytes=$(stat -c %s "$out") ;;
	perf) read -r ev dr < <(perf_stats "$out"); rows=$ev; bytes=$(stat -c %s "$out") ;;
	bpftrace) ev=$(bpftrace_events "$out"); dr=0; rows=0; bytes=0 ;;
	esac
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$d/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$d/time.txt")
	# jrec's own figure: its drain, encoder and writer threads' CPU per event while recording (the end-of-recording summary)
	loop_us=-
	[ "$tool" = jrec ] && loop_us=$(sed -n 's/.*; \([0-9.]*\) us\/event).*/\1/p' "$d/stderr" | head -1)
	[ -n "$loop_us" ] || loop_us=-
	rm -rf "$d/rec.parquet" "$d/rec.parquet.parts" "$d/ring" "$d/perf.data" "$d/perf.data.old"
}

printf "workload\ttool\tround\tbase_s\ttraced_s\tratio\tevents\tevents_per_s\tdrops\tbytes\tbytes_per_event\tcpu_s\tmaxrss_kb\tloop_us_per_event\n" >"$RESULTS"

log "work directory $WORK; $ROUNDS rounds of: $WORKLOADS x $TOOLS"
load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN {exit !(l > 0.5)}'; then
	log "warning: load average $load before the start: other work on this machine makes the figures noisy"
fi
for w in $WORKLOADS; do
	log ""
	log "== $w: $(workload_cmd "$w")"
	for ((r = 1; r <= ROUNDS; r++)); do
		for tool in $TOOLS; do
			d=$WORK/$w-$tool-$r
			# pairs alternate which run goes first, so a drift of the machine cancels out
			if ((r % 2)); then
				run_workload "$w"; base=$secs
				traced_run "$tool" "$w" "$d"
			else
				traced_run "$tool" "$w" "$d"
				traced=$secs; run_workload "$w"; base=$secs; secs=$traced
			fi
			line=$(awk -v w="$w" -v t="$tool" -v r="$r" -v b="$base" -v s="$secs" -v ev="$ev" -v dr="$dr" \
				-v by="$bytes" -v rows="$rows" -v cpu="$cpu" -v rss="$rss" -v lu="$loop_us" 'BEGIN {
				printf "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%d\t%.0f\t%d\t%d\t%s\t%s\t%d\t%s\n", w, t, r, b, s, s / b, ev,
					ev / s, dr, by, (rows > 0 ? sprintf("%.1f", by / rows) : "-"), cpu, rss, lu}')
			echo "$line" >>"$RESULTS"
			log "  round $r $(echo "$line" | awk -F'\t' '{printf "%-8s base %7.3f s  traced %7.3f s  %.2fx  %d events, %d drops", $2, $4, $5, $6, $7, $9}')"
		done
	done
done

# --- summary: medians over the rounds ----------------------------------------------
median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v w="$1" -v t="$2" -v c="$3" 'NR > 1 && $1 == w && $2 == t {print $c}' "$RESULTS"; }

echo
echo "Tracer overhead: median of $ROUNDS paired rounds (each traced run next to a bare one)"
echo "kernel $(uname -r), $(nproc) CPUs, workload pinned to CPU $CPU; tracers record system-wide;"
echo "load average $load at the start, $(cut -d' ' -f1 /proc/loadavg) at the end"
for w in $WORKLOADS; do
	echo
	echo "$w: $(workload_cmd "$w")"
	printf "%-9s %8s %9s %7s %11s %12s %11s %8s %8s %9s %9s %10s\n" tool base_s traced_s slowdown events events/s drops B/event rec_cpu_s maxRSS_MiB rec_us/ev loop_us/ev
	for tool in $TOOLS; do
		base=$(col "$w" "$tool" 4 | median); traced=$(col "$w" "$tool" 5 | median); ratio=$(col "$w" "$tool" 6 | median)
		ev=$(col "$w" "$tool" 7 | median); evps=$(col "$w" "$tool" 8 | median); dr=$(col "$w" "$tool" 9 | median)
		bpe=$(col "$w" "$tool" 11 | awk '$1 != "-"' | median); cpu=$(col "$w" "$tool" 12 | median); rss=$(col "$w" "$tool" 13 | median)
		loop=$(col "$w" "$tool" 14 | awk '$1 != "-"' | median)
		per_ev=$(awk -v c="$cpu" -v e="$ev" 'BEGIN {if (e > 0) printf "%.2f", c * 1e6 / e; else print "-"}')
		[ "${tool%%-*}" = bpftrace ] && { dr="n/a"; bpe="n/a"; }   # aggregates in kernel maps: nothing written, nothing lost
		printf "%-9s %8.2f %9.2f %6.2fx %11.0f %12.0f %11s %8s %9.2f %10.0f %9s %10s\n" "$tool" "$base" "$traced" "$ratio" "$ev" \
			"$evps" "$dr" "$bpe" "$cpu" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$per_ev" "$loop"
	done
done
echo
echo "slowdown: traced/bare run time of the workload (its own clock); events: what the tracer captured"
echo "(jrec: events read from its ring buffers; perf: samples written; bpftrace: entries aggregated);"
echo "drops: events lost to full buffers (perf: lost samples); B/event: file size / rows (jrec) or samples (perf);"
echo "rec_cpu_s, maxRSS: user+sys CPU time and peak RSS of the tracer process (/usr/bin/time -v); rec_us/ev: that CPU"
echo "per event captured (start-up and idle polling included); loop_us/ev (jrec): its drain, encoder and writer threads' CPU per"
echo "event while recording, from its end-of-recording summary."
echo "per-round figures: $RESULTS$([ -n "$KEEP" ] || echo ' (deleted at exit: set KEEP=1 to keep)')"
