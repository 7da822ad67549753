#!/usr/bin/env bash
# Bad options and hosts: each refused in one line, with the exit code scripts test, before anything loads.
# Prints scenario<TAB>expected<TAB>observed<TAB>PASS|FAIL lines (bench/reliability.sh).
set -uo pipefail
: "${JREC:?}" "${WORK:?}"

row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; }
# expect NAME EXIT TEXT -- COMMAND...: exit code and the first line of stderr
expect() {
  local name=$1 code=$2 text=$3; shift 4
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  local first; first=$(printf '%s\n' "$err" | head -1)
  if [ "$rc" = "$code" ] && [[ $first == *"$text"* ]] && ! grep -q Exception <<<"$err"; then
    row "$name" "exit $code, '$text'" "exit $rc: $first" PASS
  else
    row "$name" "exit $code, '$text'" "exit $rc: $first" FAIL
  fi
}

expect "record -d 0" 2 "-d must be longer than 0" -- "$JREC" record -d 0 -o "$WORK/a.parquet"
expect "record -p 999999999 (no such process)" 2 "no such process" -- "$JREC" record -p 999999999 -o "$WORK/a.parquet"
expect "record -o /proc/x.parquet" 5 "cannot write in /proc" -- "$JREC" record -d 1s -o /proc/x.parquet
mkdir -p "$WORK/ro" && mount -t tmpfs -o size=1M,ro tmpfs "$WORK/ro"
expect "record -o on a read-only mount" 5 "Read-only file system" -- "$JREC" record -d 1s -o "$WORK/ro/x.parquet"
umount "$WORK/ro"
expect "record --events nosuch" 2 "unknown source 'nosuch'" -- "$JREC" record --events nosuch -o "$WORK/a.parquet"
expect "record as nobody, no capabilities" 4 "needs root" -- setpriv --reuid=65534 --regid=65534 --clear-groups "$JREC" record -d 1s -o /tmp/jrec-rel-nobody.parquet

# CAP_BPF+CAP_PERFMON but not root, with tracefs closed (mode 0700, as most distributions mount it)
mode=$(stat -c %a /sys/kernel/tracing)
mount -o remount,mode=700 /sys/kernel/tracing
expect "record with CAP_BPF+CAP_PERFMON, tracefs 0700" 4 "cannot read it" -- \
  setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+bpf,+perfmon --ambient-caps=+bpf,+perfmon "$JREC" record -d 1s -o /tmp/jrec-rel-nobody.parquet
mount -o remount,mode="$mode" /sys/kernel/tracing
rm -f /tmp/jrec-rel-nobody.parquet

# kill -INT from a script to a background job (which the shell starts with SIGINT ignored)
"$JREC" record -d 120s --events sched -o "$WORK/bg.parquet" 2>"$WORK/bg.log" &
pid=$!
for _ in $(seq 600); do grep -q "probes attached" "$WORK/bg.log" 2>/dev/null && break; sleep 0.1; done
t0=$(date +%s.%N); kill -INT $pid
waited=0; while kill -0 $pid 2>/dev/null && [ $waited -lt 300 ]; do sleep 0.1; waited=$((waited + 1)); done
if kill -0 $pid 2>/dev/null; then
  row "kill -INT a script's background recording" "stops, capture clean" "still running 30 s later" FAIL; kill -9 $pid
else
  wait $pid; rc=$?
  took=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
  obs="exit $rc ${took} s after the signal: $(grep -o 'stopped by [a-z_]*, [a-z]*' "$WORK/bg.log")"
  [ "$rc" = 0 ] && grep -q "stopped by signal, clean" "$WORK/bg.log" && r=PASS || r=FAIL
  row "kill -INT a script's background recording" "stops, capture clean" "$obs" $r
fi
