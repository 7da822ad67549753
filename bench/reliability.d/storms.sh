#!/usr/bin/env bash
# Scheduler storms with each combination of sources (issue 11, item 1): 5000 threads that each usleep(1-2 ms) in
# a loop for 10 s, recorded for 14 s. Whatever the recorder cannot keep, it must count: every stretch of time in
# which a source has no events lies within that source's loss rows. Per combination: events, events lost, and
# the longest unexplained gap (buckets of 500 ms with neither events nor loss rows of a source whose events never
# pause under the storm: sched, offcpu, syscall, profile; proc and block may be idle). Expected: 0 s.
# Prints scenario<TAB>expected<TAB>observed<TAB>PASS|FAIL lines (bench/reliability.sh); STORM_THREADS and
# STORM_SECONDS change the storm, STORM_SETS the combinations (space-separated).
set -uo pipefail
: "${JREC:?}" "${WORK:?}"
threads=${STORM_THREADS:-5000}
secs=${STORM_SECONDS:-10}
sets=${STORM_SETS:-"sched sched,offcpu offcpu syscall profile sched,proc,block sched,offcpu,syscall,profile,proc,block"}
bucket_ns=500000000

row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; }

cat > "$WORK/storm.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static volatile int stop;
static void *run(void *a) {
    unsigned s = (unsigned)(long)a;
    while (!stop) usleep(1000 + rand_r(&s) % 1000);
    return 0;
}
int main(int argc, char **argv) {
    int n = atoi(argv[1]), secs = atoi(argv[2]), made = 0;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 64 << 10);
    pthread_t *t = calloc(n, sizeof *t);
    for (int i = 0; i < n; i++) made += pthread_create(&t[i], &at, run, (void *)(long)i) == 0;
    sleep(secs);
    stop = 1;
    for (int i = 0; i < made; i++) pthread_join(t[i], 0);
    printf("%d threads\n", made);
    return 0;
}
C
if ! gcc -O2 -pthread -o "$WORK/storm" "$WORK/storm.c" 2>"$WORK/cc.log"; then
  row "storms" "a C compiler builds the storm" "gcc failed: $(head -1 "$WORK/cc.log")" FAIL
  exit 0
fi

q() { "$JREC" query "$1" "$2" --format csv 2>>"$WORK/query.log" | sed -n 2p; }

# Buckets from the recording's start (every probe attached: a source attached earlier has events before it) to the
# last row with no row of VIEW and outside every loss interval of SOURCE:
# the longest run of them, in seconds.
unexplained() {
  q "$1" "WITH span AS (SELECT (SELECT value::BIGINT FROM capture_metadata WHERE key = 'jrec.recording.start_ns') AS lo, max(ts) AS hi FROM capture_rows),
    b AS (SELECT range AS i FROM range(0, (SELECT (hi - lo) // $bucket_ns FROM span))),
    ev AS (SELECT DISTINCT (ts - (SELECT lo FROM span)) // $bucket_ns AS i FROM $2),
    ls AS (SELECT ts - dur_ns - (SELECT lo FROM span) AS s, ts - (SELECT lo FROM span) AS e FROM loss WHERE source = '$3'),
    un AS (SELECT i FROM b WHERE i NOT IN (SELECT i FROM ev)
           AND NOT EXISTS (SELECT 1 FROM ls WHERE ls.s < (b.i + 1) * $bucket_ns AND ls.e > b.i * $bucket_ns)),
    runs AS (SELECT count(*) AS n FROM (SELECT i - row_number() OVER (ORDER BY i) AS g FROM un) GROUP BY g)
    SELECT coalesce(max(n), 0) * $bucket_ns / 1e9 FROM runs"
}

for set in $sets; do
  out="$WORK/storm-${set//,/-}.parquet"
  log="$out.log"
  load0=$(cut -d' ' -f1 /proc/loadavg)
  "$JREC" record -d $((secs + 4))s --events "$set" -o "$out" >"$log" 2>&1 &
  rec=$!
  for _ in $(seq 600); do grep -q "jrec: recording" "$log" 2>/dev/null && break; kill -0 $rec 2>/dev/null || break; sleep 0.1; done
  sleep 1
  "$WORK/storm" "$threads" "$secs" >/dev/null
  # the recorder stops by itself; a stalled one is the failure this file looks for
  waited=0; while kill -0 $rec 2>/dev/null && [ $waited -lt 1800 ]; do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 $rec 2>/dev/null; then
    kill -9 $rec; wait $rec 2>/dev/null
    row "storm --events $set" "stops at -d, every gap in loss rows" "still recording 3 min after -d" FAIL
    continue
  fi
  wait $rec; rc=$?
  load1=$(cut -d' ' -f1 /proc/loadavg)
  if [ $rc != 0 ]; then
    row "storm --events $set" "exit 0, every gap in loss rows" "exit $rc: $(grep -m1 'jrec:' "$log")" FAIL
    continue
  fi
  events=$(q "$out" "SELECT count(*) FROM capture_rows WHERE kind NOT IN ('thread', 'stack', 'frame', 'loss')")
  lost=$(q "$out" "SELECT coalesce(sum(lost), 0) FROM loss")
  # rows and the longest of their intervals: one interval as long as the recording means the accounting stalled
  lossrows=$(q "$out" "SELECT count(*) || ' loss rows, longest ' || coalesce(round(max(dur_ns) / 1e9, 1), 0) || ' s' FROM loss")
  worst=0; detail=""
  for src in ${set//,/ }; do
    case $src in sched) view=sched_switch ;; offcpu) view=offcpu ;; syscall) view=syscall ;; profile) view=cpu_sample ;; *) continue ;; esac
    g=$(unexplained "$out" $view "$src")
    detail="${detail:+$detail, }$src ${g:-?} s"
    worst=$(awk -v a="$worst" -v b="${g:-999}" 'BEGIN { print (b > a) ? b : a }')
  done
  took=$(grep -o '[0-9.]* s, stopped by [a-z_]*' "$log" | head -1)
  obs="$events events, $lost lost ($lossrows); longest unexplained gap $worst s ($detail); recording ${took%%,*}; load $load0 -> $load1"
  [ "$worst" = 0 ] && r=PASS || r=FAIL
  row "storm ${threads} threads ${secs} s, --events $set" "unexplained gap 0 s" "$obs" $r
  [ -n "${STORM_KEEP:-}" ] || rm -f "$out"
done
