#!/usr/bin/env bash
# Re-records the sample captures of sample-captures/ on this machine (see README.md there for what each
# scenario is and what to look for). Needs root (jrec record), gcc and taskset; about 30 s in all.
#
#   sudo sample-captures/record.sh                    # all of them
#   sudo sample-captures/record.sh io-burst           # one (cpu-contention, io-burst, lock-contention, user-probes)
#
# Each capture is recorded into a scratch directory and then moved over the old one. The work directory
# is on the root file system (/var/tmp), not tmpfs: io-burst needs a real block device under it.
# Environment: JREC (the launcher, default ./jrec), KEEP=1 keeps the work directory.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
JREC=${JREC:-$repo/jrec}
SCENARIOS=${*:-cpu-contention io-burst lock-contention user-probes}

die() { echo "record.sh: $*" >&2; exit 1; }
log() { echo "record.sh: $*" >&2; }

[ "$(id -u)" = 0 ] || die "run as root (jrec record needs it)"
for s in $SCENARIOS; do case $s in cpu-contention|io-burst|lock-contention|user-probes) ;; *) die "unknown scenario '$s'";; esac; done
for c in gcc taskset dd; do command -v $c >/dev/null || die "$c is missing (apt-get install gcc util-linux coreutils)"; done
env --default-signal=INT true 2>/dev/null || die "env --default-signal not supported (GNU coreutils >= 8.31 needed)"
[ "$(nproc)" -ge 2 ] || die "needs at least 2 CPUs (cpu-contention pins to CPUs 0 and 1)"

WORK=$(mktemp -d /var/tmp/jrec-samples.XXXXXX)
rec_pid=
cleanup() {
	[ -n "$rec_pid" ] && kill -INT "$rec_pid" 2>/dev/null && wait "$rec_pid" 2>/dev/null || true
	if [ -n "${KEEP:-}" ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- workloads -----------------------------------------------------------------------------------------
# busy: spins on the CPU for argv[1] seconds (checking the clock every 1M iterations).
cat >"$WORK/busy.c" <<'EOF'
#include <stdlib.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv)
{
	double end = now() + (argc > 1 ? atof(argv[1]) : 3);
	volatile unsigned long x = 0;
	while (now() < end)
		for (int i = 0; i < 1000000; i++) x += i;
	return 0;
}
EOF

# lockdemo: argv[1] threads ("locker-N") contend for one pthread mutex for argv[2] seconds; each holds it
# for ~1 ms of spinning (hold()), then does ~0.1 ms of work of its own (outside()). The holder's CPU time
# is what the others wait for, in futex_wait through pthread_mutex_lock: that is the off-CPU signature.
cat >"$WORK/lockdemo.c" <<'EOF'
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double end;
static volatile unsigned long shared;

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static void __attribute__((noinline)) spin(double secs)
{
	double until = now() + secs;
	while (now() < until)
		for (int i = 0; i < 1000; i++) shared += i;
}

static void __attribute__((noinline)) hold(void) { spin(0.001); }
static void __attribute__((noinline)) outside(void) { spin(0.0001); }

static void *worker(void *arg)
{
	char name[16];
	snprintf(name, sizeof(name), "locker-%ld", (long)arg);
	pthread_setname_np(pthread_self(), name);
	while (now() < end) {
		pthread_mutex_lock(&lock);
		hold();
		pthread_mutex_unlock(&lock);
		outside();
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	pthread_t t[64];
	if (n < 1 || n > 64) return 2;
	end = now() + (argc > 2 ? atof(argv[2]) : 3);
	for (long i = 0; i < n; i++) pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
	return 0;
}
EOF
gcc -O2 -o "$WORK/busy" "$WORK/busy.c"
# frame pointers and no tail calls: hold() and outside() keep their frames, so stacks tell them apart
gcc -O2 -g -pthread -fno-omit-frame-pointer -fno-optimize-sibling-calls -o "$WORK/lockdemo" "$WORK/lockdemo.c"

# --- recording -------------------------------------------------------------------------------------------
log "building jrec if needed..."
"$JREC" record --help >/dev/null || die "$JREC record --help failed"

# start_rec OUT ARGS...: jrec record in the background (SIGINT restored: a script's background jobs
# start with it ignored), then waits until the probes are attached (OUT.parts appears).
start_rec() {
	local out=$1 i
	shift
	env --default-signal=INT "$JREC" record -o "$out" -d 2m "$@" >"$out.log" 2>&1 &
	rec_pid=$!
	for ((i = 0; i < 600; i++)); do
		[ -d "$out.parts" ] && { sleep 0.5; return; }
		kill -0 "$rec_pid" 2>/dev/null || { cat "$out.log" >&2; die "jrec record exited before recording"; }
		sleep 0.1
	done
	die "jrec record did not start within 60 s (see $out.log)"
}

# stop_rec: SIGINT (once: a second one abandons the capture) and wait for the capture to be joined.
stop_rec() {
	local rc=0
	kill -INT "$rec_pid"
	wait "$rec_pid" || rc=$?
	rec_pid=
	((rc == 0)) || die "jrec record exited with $rc"
}

# publish NAME: moves the new capture over the old one and shows what it holds.
publish() {
	mv -f "$WORK/$1.parquet" "$here/$1.parquet"
	log "$1.parquet: $(stat -c %s "$here/$1.parquet") bytes"
	"$JREC" info "$here/$1.parquet" >&2
}

cpu_contention() {
	# 4 CPU-bound processes on 2 CPUs for 3 s: each is runnable all the time but can run only half of it.
	start_rec "$WORK/cpu-contention.parquet" --events sched,proc --comm busy
	local pids=() i
	for i in 1 2 3 4; do taskset -c 0,1 "$WORK/busy" 3 & pids+=($!); done
	wait "${pids[@]}"
	sleep 0.3
	stop_rec
	publish cpu-contention
}

io_burst() {
	# O_DIRECT: every 64 KiB dd block is one request to the disk, not a page-cache copy written back later.
	local f=$WORK/io-burst.data
	start_rec "$WORK/io-burst.parquet" --events block,proc,syscall --comm dd
	dd if=/dev/zero of="$f" bs=64k count=1024 oflag=direct conv=fsync status=none    # 64 MiB written, fsync
	dd if="$f" of=/dev/null bs=64k iflag=direct status=none                          # read back
	dd if="$f" of=/dev/null bs=4k count=4096 skip=100 iflag=direct status=none       # 16 MiB of 4 KiB reads
	sleep 0.3
	stop_rec
	rm -f "$f"
	publish io-burst
}

lock_contention() {
	# -p needs the pid before the recording starts: the process stops itself, jrec attaches, then it
	# continues (and execs lockdemo, keeping its pid).
	sh -c 'kill -STOP $$; exec "$0" 4 3' "$WORK/lockdemo" &
	local pid=$! i
	for ((i = 0; i < 50; i++)); do [ "$(awk '{print $3}' /proc/$pid/stat)" = T ] && break; sleep 0.1; done
	start_rec "$WORK/lock-contention.parquet" --events sched,proc,offcpu,profile -F 99 --offcpu-min 1ms -p "$pid"
	kill -CONT "$pid"
	wait "$pid"
	sleep 0.3
	stop_rec
	publish lock-contention
}

user_probes() {
	# lockdemo again, its calls recorded: every pthread_mutex_lock timed to its return (how long a locker
	# waited for the mutex), every hold() (the time it kept it) and every outside() as an instant.
	sh -c 'kill -STOP $$; exec "$0" 4 2' "$WORK/lockdemo" &
	local pid=$! i
	for ((i = 0; i < 50; i++)); do [ "$(awk '{print $3}' /proc/$pid/stat)" = T ] && break; sleep 0.1; done
	start_rec "$WORK/user-probes.parquet" --events sched,proc -p "$pid" --uretprobe 'libc:pthread_mutex_lock(mutex)' \
		--uretprobe "$WORK/lockdemo:hold" --uprobe "$WORK/lockdemo:outside"
	kill -CONT "$pid"
	wait "$pid"
	sleep 0.3
	stop_rec
	publish user-probes
}

for s in $SCENARIOS; do
	log "== $s"
	case $s in
	cpu-contention) cpu_contention ;;
	io-burst) io_burst ;;
	lock-contention) lock_contention ;;
	user-probes) user_probes ;;
	esac
done
du -ch "$here"/*.parquet | tail -1 >&2
