#!/usr/bin/env bash
# Correctness against bpftrace: the same workload is traced at the same time by jrec record and by a
# bpftrace program on the same tracepoints, and jrec's report is compared with bpftrace's aggregate:
#
#   runqlat     jrec report runqlat --comm W     vs  wakeup/preemption -> switch-in, hist() in usecs
#   biolatency  jrec report biolatency --comm W  vs  block_rq_issue -> block_rq_complete keyed by dev+sector
#   syscount    jrec report syscount -p PID      vs  raw_syscalls:sys_exit /pid == PID/ count() per id
#
# Each comparison prints a table (bucket or syscall, jrec count, bpftrace count, diff %) and a PASS/FAIL
# line. A comparison passes when the totals agree within the events jrec reports as dropped for that
# source, and every bucket's share of the total (or syscall's count) agrees within TOL percentage points
# (a few events sit on a bucket edge: the two tracers take their own timestamps). A benchmark, not a test:
# see bench/README.md; results in docs/correctness.md.
#
#   sudo bench/correctness.sh                         # all three, ~1 min
#   sudo bench/correctness.sh runqlat syscount        # some
#   KEEP=1 SECS=8 bench/correctness.sh                # keep the work directory, longer runqlat workload
#   FIRST=jrec bench/correctness.sh runqlat           # attach jrec before bpftrace (default: bpftrace first)
#
# Scoping: runqlat and biolatency select the workload by its comm (a name no other process has: rqwork,
# jcdd), syscount by its pid (the workload stops itself before exec, both tracers attach to its pid, then
# it continues). Other processes on the machine therefore do not enter either side.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

COMPARISONS=${*:-runqlat biolatency syscount}
JREC=${JREC:-$repo/jrec}
SECS=${SECS:-4}            # runqlat workload duration
PROCS=${PROCS:-4}          # runqlat workload processes (on all CPUs)
TOL=${TOL:-2}              # largest difference of a bucket's share of the total, percentage points
FIRST=${FIRST:-bpftrace}   # which tracer attaches first: bpftrace or jrec
KEEP=${KEEP:-}

die() { echo "correctness.sh: $*" >&2; exit 1; }
log() { echo "$*" >&2; }

[ "$(id -u)" = 0 ] || die "run as root (jrec record and bpftrace need it)"
for c in $COMPARISONS; do case $c in runqlat|biolatency|syscount) ;; *) die "unknown comparison '$c' (runqlat, biolatency, syscount)";; esac; done

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
need bpftrace bpftrace
need gcc gcc
env --default-signal=INT true 2>/dev/null || die "env --default-signal not supported (GNU coreutils >= 8.31 needed)"
# syscall numbers -> names for bpftrace's ids (jrec names them itself); without the header, the names jrec
# recorded for each number are used instead
UNISTD=/usr/include/x86_64-linux-gnu/asm/unistd_64.h
[ -f "$UNISTD" ] || UNISTD=/usr/include/asm/unistd_64.h

# On the root file system, not tmpfs: biolatency needs a block device under its data file.
WORK=$(mktemp -d /var/tmp/jrec-correctness.XXXXXX)
pids_to_stop=()
cleanup() {
	local p
	for p in "${pids_to_stop[@]}"; do [ -n "$p" ] && kill -INT "$p" 2>/dev/null || true; done
	if [ -n "$KEEP" ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- workloads ---------------------------------------------------------------------------------------
# rqwork N SECS: N processes (comm rqwork) that each spin a random 0-2 ms, then sleep a random 0-1 ms, for
# SECS seconds: with N > CPUs they queue behind each other (preemption) and after each sleep (wakeup).
cat >"$WORK/rqwork.c" <<'EOF'
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	double end = now() + (argc > 2 ? atof(argv[2]) : 4);
	volatile unsigned long x = 0;
	for (int i = 1; i < n; i++)
		if (fork() == 0) break;
	srand(getpid());
	while (now() < end) {
		double until = now() + (rand() % 2000) / 1e6;
		while (now() < until)
			for (int i = 0; i < 1000; i++) x += i;
		struct timespec s = {0, (rand() % 1000) * 1000L};
		nanosleep(&s, NULL);
	}
	while (wait(NULL) > 0)
		;
	return 0;
}
EOF
gcc -O2 -o "$WORK/rqwork" "$WORK/rqwork.c"
cp "$(command -v dd)" "$WORK/jcdd"   # dd under a name of its own: the comm both tracers select

log "building jrec if needed..."
"$JREC" record --help >/dev/null || die "$JREC record --help failed"

# --- tracers --------------------------------------------------------------------------------------------
# start_bpftrace NAME PROG [ARGS]: bpftrace in the background, stdout in $WORK/NAME.bt.out, waits until attached.
start_bpftrace() {
	local name=$1 prog=$2 i
	shift 2
	env --default-signal=INT bpftrace "$prog" "$@" >"$WORK/$name.bt.out" 2>"$WORK/$name.bt.err" &
	bt_pid=$!
	pids_to_stop+=("$bt_pid")
	for ((i = 0; i < 300; i++)); do
		grep -q '^Attaching' "$WORK/$name.bt.out" 2>/dev/null && return
		kill -0 "$bt_pid" 2>/dev/null || { cat "$WORK/$name.bt.err" >&2; die "bpftrace exited before attaching"; }
		sleep 0.1
	done
	die "bpftrace did not attach within 30 s"
}

# start_jrec OUT ARGS: jrec record in the background; waits until its probes are attached (OUT.parts).
start_jrec() {
	local out=$1 i
	shift
	env --default-signal=INT "$JREC" record -o "$out" -d 10m "$@" >"$out.log" 2>&1 &
	jrec_pid=$!
	pids_to_stop+=("$jrec_pid")
	for ((i = 0; i < 3000; i++)); do   # ./jrec rebuilds first if a source changed since the last build
		[ -d "$out.parts" ] && { sleep 0.5; return; }
		kill -0 "$jrec_pid" 2>/dev/null || { cat "$out.log" >&2; die "jrec record exited before recording"; }
		sleep 0.1
	done
	die "jrec record did not start within 300 s (see $out.log)"
}

# stop_jrec: one SIGINT (a second abandons the capture), then wait for the capture to be joined.
stop_jrec() {
	local rc=0
	kill -INT "$jrec_pid"
	wait "$jrec_pid" || rc=$?
	pids_to_stop=("${bt_pid:-}")
	((rc == 0)) || { cat "$WORK"/*.parquet.log >&2; die "jrec record exited with $rc"; }
}

# stop_bpftrace: SIGINT, and again every 2 s (bpftrace now and then misses one), until it has printed its maps.
stop_bpftrace() {
	local i
	kill -INT "$bt_pid" 2>/dev/null || true
	for ((i = 1; i <= 300; i++)); do
		kill -0 "$bt_pid" 2>/dev/null || break
		sleep 0.1
		((i % 20 == 0)) && { log "  bpftrace still running $((i / 10)) s after SIGINT: again"; kill -INT "$bt_pid" 2>/dev/null || true; }
	done
	kill -0 "$bt_pid" 2>/dev/null && { kill -KILL "$bt_pid"; die "bpftrace did not exit"; }
	wait "$bt_pid" || true
	pids_to_stop=()
}

# start_both BPFTRACE_CMD JREC_CMD: both tracers, in the order FIRST says. Programs on one tracepoint run
# in the order they were attached, so the one attached second stamps each event a little later.
start_both() {
	if [ "$FIRST" = jrec ]; then $2; $1; else $1; $2; fi
}

# drops SOURCE CAPTURE: events jrec lost for SOURCE (jrec info's per-source table).
drops() {
	"$JREC" info "$2" | awk -v s="$1" '/^source +events +drops/ {t = 1; next} t && NF == 0 {t = 0} t && $1 == s {gsub(",", ""); print $3; f = 1} END {if (!f) print 0}'
}

# --- parsing and comparing ---------------------------------------------------------------------------------
# bpftrace hist() of map @NAME -> "bucket count" lines, bucket = log2 of the lower bound ([0] and [1] -> 0, as BCC)
bt_hist() { # file map
	sed -n "/^@$2:/,/^\$/p" "$1" | sed -n 's/^\[\([0-9]*\)\([KMGT]\{0,1\}\)[^]]*[])] *\([0-9]*\) .*/\1 x\2 \3/p' |
		awk '{m = 1; if ($2 == "xK") m = 1024; else if ($2 == "xM") m = 1048576; else if ($2 == "xG") m = 1073741824; else if ($2 == "xT") m = 1099511627776
			lo = $1 * m; b = 0; while (lo >= 2) {lo /= 2; b++}; print b, $3}'
}

# jrec report ... --format csv of a histogram -> "bucket count" lines
jrec_hist() { # csv file
	awk -F, 'NR > 1 {lo = $3; b = 0; while (lo >= 2) {lo /= 2; b++}; print b, $5}' "$1"
}

# compare_hist TITLE UNIT JREC_FILE BT_FILE DROPS: prints the table and PASS/FAIL; returns 1 on FAIL.
compare_hist() {
	awk -v title="$1" -v unit="$2" -v drops="$5" -v tol="$TOL" '
		FNR == NR {j[$1] += $2; seen[$1] = 1; next}
		{b[$1] += $2; seen[$1] = 1}
		END {
			for (k in seen) {if (max == "" || k + 0 > max) max = k + 0}
			for (k = 0; k <= max; k++) {J += j[k]; B += b[k]}
			printf "%s (%s): jrec %d, bpftrace %d, jrec drops %d\n", title, unit, J, B, drops
			printf "%24s %10s %10s %9s %12s\n", unit, "jrec", "bpftrace", "diff %", "share diff"
			worst = 0
			for (k = 0; k <= max; k++) {
				lo = k == 0 ? 0 : 2 ^ k; hi = 2 ^ (k + 1) - 1
				d = b[k] > 0 ? sprintf("%+.1f", (j[k] - b[k]) * 100 / b[k]) : (j[k] > 0 ? "new" : "0.0")
				sj = J > 0 ? j[k] * 100 / J : 0; sb = B > 0 ? b[k] * 100 / B : 0
				sd = sj - sb; if (sd < 0) sd = -sd; if (sd > worst) worst = sd
				printf "%12d -> %-9d %10d %10d %9s %+11.2fpp\n", lo, hi, j[k], b[k], d, sj - sb
			}
			td = J - B; if (td < 0) td = -td
			ok = td <= drops && worst <= tol && B > 0
			printf "%s %s: totals differ by %d (allowed: %d dropped); largest bucket share difference %.2f pp (allowed: %s pp)\n",
				ok ? "PASS" : "FAIL", title, J - B, drops, worst, tol
			exit ok ? 0 : 1
		}' "$3" "$4"
}

results=()
record() { results+=("$1"); }

# --- runqlat -------------------------------------------------------------------------------------------------
cmp_runqlat() {
	local cap=$WORK/runqlat.parquet
	log ""
	log "== runqlat: $PROCS x rqwork (spin 0-2 ms, sleep 0-1 ms) for $SECS s on $(nproc) CPUs"
	cat >"$WORK/runqlat.bt" <<'EOF'
// runqlat-style, for tasks named rqwork: from wakeup, or from being switched out still runnable
// (prev_state 0, or TASK_REPORT_MAX when preempted in the kernel), to being switched in.
tracepoint:sched:sched_wakeup,
tracepoint:sched:sched_wakeup_new
/args->comm == "rqwork"/
{
	@qtime[args->pid] = nsecs;
}

tracepoint:sched:sched_switch
{
	if (args->prev_comm == "rqwork" && (args->prev_state & 0xff) == 0) {
		@qtime[args->prev_pid] = nsecs;
	}
	if (args->next_comm == "rqwork") {
		$ns = @qtime[args->next_pid];
		if ($ns) {
			@usecs = hist((nsecs - $ns) / 1000);
			@n = count();
		}
		delete(@qtime[args->next_pid]);
	}
}

END
{
	clear(@qtime);
}
EOF
	start_both "start_bpftrace runqlat $WORK/runqlat.bt" "start_jrec $cap --events sched --comm rqwork"
	"$WORK/rqwork" "$PROCS" "$SECS"
	sleep 0.5
	stop_jrec
	stop_bpftrace
	"$JREC" report "$cap" runqlat --comm rqwork --format csv >"$WORK/runqlat.jrec.csv" 2>/dev/null
	jrec_hist "$WORK/runqlat.jrec.csv" >"$WORK/runqlat.jrec"
	bt_hist "$WORK/runqlat.bt.out" usecs >"$WORK/runqlat.bpftrace"
	local rc=0
	compare_hist runqlat usecs "$WORK/runqlat.jrec" "$WORK/runqlat.bpftrace" "$(drops sched "$cap")" || rc=1
	record "runqlat $([ $rc = 0 ] && echo PASS || echo FAIL)"
}

# --- biolatency ----------------------------------------------------------------------------------------------
cmp_biolatency() {
	local cap=$WORK/biolatency.parquet f=$WORK/jcdd.data
	log ""
	log "== biolatency: jcdd (dd) O_DIRECT 64 KiB writes + fsync, 4 KiB O_DIRECT reads, buffered writes + fsync, on $(df -P "$WORK" | awk 'NR == 2 {print $1}')"
	cat >"$WORK/biolatency.bt" <<'EOF'
// biolatency-style, for requests issued by tasks named jcdd: block_rq_issue -> block_rq_complete,
// matched on device and sector.
tracepoint:block:block_rq_issue
/comm == "jcdd"/
{
	@start[args->dev, args->sector] = nsecs;
}

tracepoint:block:block_rq_complete
/@start[args->dev, args->sector]/
{
	@usecs = hist((nsecs - @start[args->dev, args->sector]) / 1000);
	@n = count();
	@bytes = sum(args->nr_sector * 512);
	delete(@start[args->dev, args->sector]);
}

END
{
	clear(@start);
}
EOF
	start_both "start_bpftrace biolatency $WORK/biolatency.bt" "start_jrec $cap --events block --comm jcdd"
	"$WORK/jcdd" if=/dev/zero of="$f" bs=64k count=1024 oflag=direct conv=fsync status=none
	"$WORK/jcdd" if="$f" of=/dev/null bs=4k count=4096 iflag=direct status=none
	"$WORK/jcdd" if=/dev/zero of="$f.2" bs=1M count=32 conv=fsync status=none
	sleep 0.5
	stop_jrec
	stop_bpftrace
	rm -f "$f" "$f.2"
	"$JREC" report "$cap" biolatency --comm jcdd --format csv >"$WORK/biolatency.jrec.csv" 2>/dev/null
	jrec_hist "$WORK/biolatency.jrec.csv" >"$WORK/biolatency.jrec"
	bt_hist "$WORK/biolatency.bt.out" usecs >"$WORK/biolatency.bpftrace"
	local rc=0
	compare_hist biolatency usecs "$WORK/biolatency.jrec" "$WORK/biolatency.bpftrace" "$(drops block "$cap")" || rc=1
	# What the requests were, on each side: a clue when the totals differ.
	echo "bytes completed: jrec $("$JREC" query --format csv "$cap" "SELECT sum(bytes) FROM block_rq_complete WHERE comm = 'jcdd'" 2>/dev/null | tail -1), bpftrace $(awk '/^@bytes:/ {print $2}' "$WORK/biolatency.bt.out")"
	echo "jrec completions by size and flags (bytes rwbs count):"
	"$JREC" query "$cap" "SELECT bytes, rwbs, count(*) AS n FROM block_rq_complete WHERE comm = 'jcdd' GROUP BY ALL ORDER BY n DESC LIMIT 8" 2>/dev/null | sed 's/^/  /'
	record "biolatency $([ $rc = 0 ] && echo PASS || echo FAIL)"
}

# --- syscount ------------------------------------------------------------------------------------------------
cmp_syscount() {
	local cap=$WORK/syscount.parquet pid i
	log ""
	log "== syscount: grep -r -c -F include /usr/include, one process (-p / pid ==)"
	cat >"$WORK/syscount.bt" <<'EOF'
// syscount-style: calls per syscall id of one process, counted at exit.
tracepoint:raw_syscalls:sys_exit
/pid == $1/
{
	@[args->id] = count();
}
EOF
	# the workload stops itself, so its pid is known before both tracers attach; exec keeps the pid
	sh -c 'kill -STOP $$; exec grep -r -c -F include /usr/include' >"$WORK/grep.out" 2>/dev/null &
	pid=$!
	for ((i = 0; i < 50; i++)); do [ "$(awk '{print $3}' "/proc/$pid/stat")" = T ] && break; sleep 0.1; done
	start_both "start_bpftrace syscount $WORK/syscount.bt $pid" "start_jrec $cap --events syscall -p $pid"
	kill -CONT "$pid"
	wait "$pid" || true
	sleep 0.5
	stop_jrec
	stop_bpftrace
	"$JREC" report "$cap" syscount -p "$pid" -T 1000 --format csv >"$WORK/syscount.jrec.csv" 2>/dev/null
	# bpftrace ids -> names through the kernel headers' table
	if [ -f "$UNISTD" ]; then
		sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9]*\)$/\2 \1/p' "$UNISTD" >"$WORK/names"
	else
		log "  no $UNISTD: bpftrace's syscall ids are named after the names jrec recorded for them"
		"$JREC" query --format csv "$cap" "SELECT DISTINCT nr, name FROM syscall" 2>/dev/null | tr , ' ' | tail -n +2 >"$WORK/names"
	fi
	awk -v names="$WORK/names" '
		BEGIN {while ((getline l < names) > 0) {split(l, f, " "); name[f[1]] = f[2]}}
		/^@\[[0-9]+\]: [0-9]+$/ {id = $1; gsub(/[^0-9]/, "", id); print (id in name ? name[id] : "nr" id), $2}' "$WORK/syscount.bt.out" >"$WORK/syscount.bpftrace"
	awk -F, 'NR > 1 {print $1, $2}' "$WORK/syscount.jrec.csv" >"$WORK/syscount.jrec"
	local rc=0
	awk -v drops="$(drops syscall "$cap")" -v tol="$TOL" '
		FNR == NR {j[$1] += $2; seen[$1] = 1; next}
		{b[$1] += $2; seen[$1] = 1}
		END {
			for (k in seen) {J += j[k]; B += b[k]}
			printf "syscount (pid): jrec %d, bpftrace %d, jrec drops %d\n", J, B, drops
			printf "%-20s %10s %10s %9s\n", "syscall", "jrec", "bpftrace", "diff %"
			# by bpftrace count, descending (a simple selection: there are a few dozen)
			n = 0; for (k in seen) keys[++n] = k
			for (a = 1; a <= n; a++) for (c = a + 1; c <= n; c++) if (b[keys[c]] + j[keys[c]] > b[keys[a]] + j[keys[a]]) {t = keys[a]; keys[a] = keys[c]; keys[c] = t}
			worst = 0
			for (a = 1; a <= n; a++) {
				k = keys[a]
				d = b[k] > 0 ? sprintf("%+.1f", (j[k] - b[k]) * 100 / b[k]) : "new"
				sd = (J > 0 ? j[k] * 100 / J : 0) - (B > 0 ? b[k] * 100 / B : 0); if (sd < 0) sd = -sd; if (sd > worst) worst = sd
				if (j[k] != b[k]) mism++
				printf "%-20s %10d %10d %9s\n", k, j[k], b[k], d
			}
			td = J - B; if (td < 0) td = -td
			ok = td <= drops && worst <= tol && B > 0
			printf "%s syscount: totals differ by %d (allowed: %d dropped); %d of %d syscalls differ; largest share difference %.2f pp (allowed: %s pp)\n",
				ok ? "PASS" : "FAIL", J - B, drops, mism, n, worst, tol
			exit ok ? 0 : 1
		}' "$WORK/syscount.jrec" "$WORK/syscount.bpftrace" || rc=1
	record "syscount $([ $rc = 0 ] && echo PASS || echo FAIL)"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "jrec vs bpftrace $(bpftrace --version | awk '{print $2}'), kernel $(uname -r), $(nproc) CPUs; load average $load at the start"
echo "(other processes may be running: comparisons are scoped to the workload, so they only add noise to timings)"
for c in $COMPARISONS; do
	echo
	"cmp_$c"
done
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
printf '%s\n' "${results[@]}"
case " ${results[*]} " in *FAIL*) exit 1 ;; esac
