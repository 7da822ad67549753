#!/usr/bin/env bash
# Where jrec's own CPU goes while it records a syscall storm: start-up (launch to "probes attached"), recording
# (its drain, encoder and writer threads, as its end-of-recording summary says, and the rest of the JVM: JIT, GC,
# housekeeping), and the close (SIGINT to exit). The JVM's CPU is read from /proc at attach and before SIGINT.
# A benchmark, not a test (issue 13's first figures are in its notes).
#
#   sudo bench/cpu-split.sh                    # 3 rounds of 5,000,000 getppid calls on CPU 0
#   sudo ROUNDS=1 CALLS=1000000 bench/cpu-split.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
JREC=${JREC:-$repo/jrec}
ROUNDS=${ROUNDS:-3}
CALLS=${CALLS:-5000000}
CPU=${CPU:-0}
die() { echo "cpu-split.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root"
command -v gcc >/dev/null || die "gcc not found (apt-get install gcc)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jrec-cpusplit.XXXXXX")
rec=
cleanup() { [ -n "$rec" ] && kill -INT "$rec" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O2 -o "$WORK/getppid" "$here/getppid.c"
"$JREC" --version >/dev/null || die "$JREC --version failed"
tck=$(getconf CLK_TCK)
jvm_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-5s %10s %12s %12s %12s %9s %10s %10s\n" round startup_s recording_s loop_s other_s close_s loop_us/ev other_us/ev
for ((r = 1; r <= ROUNDS; r++)); do
  rm -f "$WORK/c.parquet"
  /usr/bin/time -f '%U %S' -o "$WORK/time.txt" "$JREC" record --events syscall -o "$WORK/c.parquet" -d 1h 2>"$WORK/err" &
  rec=$!
  for _ in $(seq 600); do grep -q 'attached' "$WORK/err" && break; sleep 0.1; done
  grep -q 'attached' "$WORK/err" || { cat "$WORK/err" >&2; die "jrec did not attach in 60 s"; }
  # time's child is the launcher, which execs the JVM (or, in a release, runs it as its own child)
  jvm=$(pgrep -P "$rec" | head -1)
  [ "$(cat "/proc/$jvm/comm")" = java ] || jvm=$(pgrep -P "$jvm" java | head -1)
  a=$(jvm_ticks "$jvm")
  taskset -c "$CPU" "$WORK/getppid" "$CALLS" >/dev/null
  sleep 0.5
  b=$(jvm_ticks "$jvm")
  kill -INT "$jvm"; wait "$rec"; rec=
  whole=$(awk '{print $1 + $2}' "$WORK/time.txt")
  read -r loop events < <(awk '/recorder CPU/ {l = $3} /^  syscall / {gsub(",", "", $2); n = $2} END {print l, n}' "$WORK/err")
  awk -v a="$a" -v b="$b" -v t="$tck" -v w="$whole" -v l="$loop" -v n="$events" -v r="$r" 'BEGIN {
    s = a / t; rec = (b - a) / t; o = rec - l; c = w - s - rec
    printf "%-5d %10.2f %12.2f %12.2f %12.2f %9.2f %10.2f %10.2f\n", r, s, rec, l, o, c, l * 1e6 / n, o * 1e6 / n }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "loop: the drain, encoder and writer threads (jrec's summary, 'recorder CPU'); other: the rest of the JVM while recording"
echo "(JIT compiler threads, GC, housekeeping); close: SIGINT to exit (the segments joined); per event: syscall rows"
