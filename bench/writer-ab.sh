#!/usr/bin/env bash
# The capture writer, two builds against each other on a noisy host: WriterLoop (sched_switch, 1,000,000 events
# a capture) of revision A and of revision B, alternating, ROUNDS times SECONDS each. Each run's figure is the
# steady state: the best fill+write rate of its last 10 captures (the first ones are JIT warm-up). On a shared
# VM the host's neighbours move one build's median by 2x within minutes, so the verdict rests on alternation
# and best-of-runs, not on one run each (docs/performance.md, issue 13). No PMU here for instruction counts.
#
#   bench/writer-ab.sh HEAD~1 HEAD           # 4 rounds x 10 s each, ~3 min after the two builds
#   ROUNDS=6 SECONDS_EACH=15 bench/writer-ab.sh main my-branch
#   bench/writer-ab.sh HEAD WORKTREE         # WORKTREE: the uncommitted tree as it is
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh
ROUNDS=${ROUNDS:-4} SECS=${SECONDS_EACH:-10}
[ $# = 2 ] || { sed -n '2,11p' "$0"; exit 2; }
OUT=$(mktemp -d "${TMPDIR:-/tmp}/jrec-writer-ab.XXXXXX")
trap 'for w in "$OUT"/src-*; do [ -d "$w" ] && git worktree remove --force "$w" 2>/dev/null; done; rm -rf "$OUT"' EXIT

# Builds revision $1 into $OUT/jars-$2 (jars copied: a later build must not change them under a run).
build() {
  local rev=$1 tag=$2 src
  if [ "$rev" = WORKTREE ]; then src=$PWD; else src=$OUT/src-$tag; git worktree add -q --detach "$src" "$rev"; fi
  (cd "$src" && ./mvnw -q -B -o -pl bench -am package -DskipTests -Ddist.skip) >"$OUT/build-$tag.log" 2>&1 \
    || { tail -20 "$OUT/build-$tag.log" >&2; echo "writer-ab.sh: building $rev failed" >&2; exit 1; }
  mkdir -p "$OUT/jars-$tag"
  tr ':' '\n' <"$src/bench/target/classpath" | while read -r j; do
    case "$j" in "$src"/*) cp "$j" "$OUT/jars-$tag/" && echo "$OUT/jars-$tag/$(basename "$j")" ;; *) echo "$j" ;; esac
  done | paste -sd: >"$OUT/cp-$tag"
  cp "$src/bench/target/jrec-bench.jar" "$OUT/jars-$tag/"
}
echo "building $1 (A) and $2 (B)..."
build "$1" A
build "$2" B

# One run: prints the best fill+write events/s of its last 10 captures.
run() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g -cp "$OUT/jars-$1/jrec-bench.jar:$(cat "$OUT/cp-$1")" \
    dev.jrec.bench.formats.WriterLoop "$SECS" 1000000 "$OUT" | grep '^capture' | tail -10 \
    | sed 's/.*fill+write [0-9.]* s = \([0-9,]*\) events.*/\1/' | tr -d , | sort -n | tail -1
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-6s %14s %14s\n" round "A events/s" "B events/s"
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then a=$(run A); b=$(run B); else b=$(run B); a=$(run A); fi # alternate which goes first
  printf "%-6s %14s %14s\n" "$r" "$a" "$b" | tee -a "$OUT/rounds"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# best and median of each column (mawk has no asort)
col() { awk -v c="$1" '{print $c}' "$OUT/rounds" | sort -n; }
ab() { # LABEL PICK: PICK chooses one line of a sorted column (tail -1: best; the middle: median)
  local a b; a=$(col 2 | $2); b=$(col 3 | $2)
  awk -v l="$1" -v a="$a" -v b="$b" 'BEGIN {printf "%-6s %14d %14d   B/A %.3f\n", l, a, b, b / a}'
}
mid() { sed -n "$(( (ROUNDS + 1) / 2 ))p"; }
ab best "tail -1"
ab median mid
