#!/usr/bin/env bash
# What each tracer keeps when the host is saturated (issue 13): jrec record vs perf record vs bpftrace on the
# same tracepoints, one after the other, in one run, ROUNDS rounds:
#   threads  5000 threads that each usleep 1-2 ms in a loop for 10 s (bench/storm.c), traced as sched
#            switch+wakeup: thousands of runnable threads, so a tracer's user space is starved like everything else
#   getppid  2 processes of CALLS getppid calls each (bench/getppid.c), traced as syscalls
# Per tool: events offered (kept + the tool's own count of what it lost), kept %, the tool's whole-process CPU per
# kept event (JVM start, JIT and close included for jrec), the workload's slowdown against an untraced run, and
# for jrec the time to finish encoding after the stop (the spool's backlog) and the spool's peak.
# A benchmark, not a test: it saturates the machine for minutes.
#
#   sudo bench/storm.sh                       # 3 rounds, all tools, both workloads (~8 min on 2 CPUs)
#   sudo ROUNDS=1 TOOLS="jrec perf" WORKLOADS=threads bench/storm.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
JREC=${JREC:-$repo/jrec}
ROUNDS=${ROUNDS:-3}
TOOLS=${TOOLS:-"jrec perf bpftrace"}
WORKLOADS=${WORKLOADS:-"threads getppid"}
THREADS=${THREADS:-5000}
SECONDS_STORM=${SECONDS_STORM:-10}
CALLS=${CALLS:-3000000}
die() { echo "storm.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"
for c in gcc perf bpftrace /usr/bin/time; do command -v "$c" >/dev/null || die "$c not found (apt-get install gcc linux-perf bpftrace time)"; done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jrec-storm.XXXXXX")
tracer=
cleanup() { [ -n "$tracer" ] && kill -INT "$tracer" 2>/dev/null; pkill -KILL -f "$WORK/storm" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O2 -pthread -o "$WORK/storm" "$here/storm.c"
gcc -O2 -o "$WORK/getppid" "$here/getppid.c"
"$JREC" --version >/dev/null || die "$JREC --version failed"

# The workload; prints its figure: loops done (threads, higher is faster) or seconds taken (getppid).
workload() {
  case $1 in
    threads) timeout -s KILL $((SECONDS_STORM + 60)) "$WORK/storm" "$THREADS" "$SECONDS_STORM" 2>/dev/null ;;
    getppid) "$WORK/getppid" "$CALLS" >"$WORK/g1" & "$WORK/getppid" "$CALLS" >"$WORK/g2"; wait
             awk '{s += $1} END {printf "%.3f\n", s / NR}' "$WORK/g1" "$WORK/g2" ;;
  esac
}
jrec_events() { case $1 in threads) echo sched ;; getppid) echo syscall ;; esac; }
perf_events() { case $1 in threads) echo "-e sched:sched_switch -e sched:sched_wakeup" ;; getppid) echo "-e raw_syscalls:sys_exit" ;; esac; }
bt_probes() { case $1 in threads) echo "tracepoint:sched:sched_switch, tracepoint:sched:sched_wakeup" ;; getppid) echo "tracepoint:raw_syscalls:sys_exit" ;; esac; }
cpu_of() { tail -1 "$1" | awk '{print $1 + $2}'; } # time says first when the command exited non-zero

# One traced run: prints "kept lost cpu_s figure catchup_s spool_mib".
run_tool() {
  local tool=$1 w=$2 out=$WORK/$1.out err=$WORK/$1.err figure kept lost cpu child catchup=- spool=-
  rm -rf "$WORK/c.parquet" "$WORK/c.parquet.parts" "$WORK/p.data" "$out"
  case $tool in
    jrec)
      /usr/bin/time -f '%U %S' -o "$WORK/time" "$JREC" record --events "$(jrec_events "$w")" -o "$WORK/c.parquet" -d 1h 2>"$err" &
      tracer=$!
      for _ in $(seq 600); do grep -q attached "$err" && break; sleep 0.1; done
      grep -q attached "$err" || { cat "$err" >&2; die "jrec did not attach"; } ;;
    perf)
      # shellcheck disable=SC2046
      /usr/bin/time -f '%U %S' -o "$WORK/time" perf record -q $(perf_events "$w") -a -o "$WORK/p.data" 2>"$err" &
      tracer=$!; sleep 2 ;;
    bpftrace)
      /usr/bin/time -f '%U %S' -o "$WORK/time" bpftrace -e "$(bt_probes "$w") { printf(\"%d\\n\", cpu); }" >"$out" 2>"$err" &
      tracer=$!
      for _ in $(seq 300); do grep -q Attaching "$out" "$err" 2>/dev/null && break; sleep 0.1; done; sleep 1 ;;
  esac
  figure=$(workload "$w")
  sleep 1
  # time's child is the tool (jrec's launcher execs its JVM): signal that, as Ctrl-C would
  child=$(pgrep -P "$tracer" | head -1 || true)
  kill -INT "${child:-$tracer}" 2>/dev/null || true; wait "$tracer" || true; tracer=
  cpu=$(cpu_of "$WORK/time")
  case $tool in
    jrec)
      kept=$(awk '/^  (sched_|syscall )/ {gsub(",", "", $2); s += $2} END {print s + 0}' "$err")
      lost=$(awk '/^  drops / {gsub(",", "", $3); s += $3} END {print s + 0}' "$err")
      catchup=$(awk '/encoded .* after the stop/ {for (i = 1; i < NF; i++) if ($i == "encoded") print $(i + 1)}' "$err")
      spool=$(awk '/^  spooled/ {print $2 ($3 == "GiB" ? "*1024" : "")}' "$err" | bc 2>/dev/null || true)
      [ -n "$catchup" ] || catchup=0; [ -n "$spool" ] || spool=0 ;;
    perf)
      kept=$(perf report -i "$WORK/p.data" --stats 2>/dev/null | awk '/^ *SAMPLE events:/ {print $3; exit}')
      # PERF_RECORD_LOST (a full buffer, per drop) and PERF_RECORD_LOST_SAMPLES (the kernel's count per event, at
      # the end) count the same losses twice over: the larger of the two sums
      lost=$(perf report -D -i "$WORK/p.data" 2>/dev/null | awk '/PERF_RECORD_LOST/ {n = $NF; sub(/.*:/, "", n)
        if ($0 ~ /LOST_SAMPLES/) ls += n; else l += n} END {print (ls > l ? ls : l) + 0}') ;;
    bpftrace)
      kept=$(grep -c '^[0-9]*$' "$out" || true)
      lost=$(grep -ho 'Lost [0-9]* events' "$out" "$err" | awk '{s += $2} END {print s + 0}') ;;
  esac
  echo "${kept:-0} ${lost:-0} $cpu $figure $catchup $spool"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   ($(nproc) CPUs, kernel $(uname -r))"
printf "%-5s %-8s %-9s %11s %11s %7s %9s %9s %10s %9s\n" round workload tool offered kept kept% cpu_us/ev slowdown catchup_s spool_MiB
for ((r = 1; r <= ROUNDS; r++)); do
  for w in $WORKLOADS; do
    base=$(workload "$w")
    for tool in $TOOLS; do
      read -r kept lost cpu figure catchup spool < <(run_tool "$tool" "$w")
      awk -v r="$r" -v w="$w" -v t="$tool" -v k="$kept" -v l="$lost" -v c="$cpu" -v f="$figure" -v b="$base" \
          -v cu="$catchup" -v sp="$spool" 'BEGIN {
        off = k + l; slow = (w == "threads") ? b / (f > 0 ? f : 1) : f / b
        printf "%-5d %-8s %-9s %11d %11d %6.1f%% %9.2f %8.2fx %10s %9s\n", r, w, t, off, k, 100 * k / (off > 0 ? off : 1),
          c * 1e6 / (k > 0 ? k : 1), slow, cu, sp }'
      sleep 3
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "offered: kept + what the tool counted as lost (jrec: loss rows; perf: PERF_RECORD_LOST; bpftrace: 'Lost N events')."
echo "cpu_us/ev: the tool's whole-process CPU (user+sys, start to exit) per kept event. slowdown: untraced run / traced"
echo "run (threads: loops done; getppid: seconds). catchup_s: jrec's encoding after the stop, of what its spool held."
