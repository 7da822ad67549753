#!/usr/bin/env bash
# Completeness at the start of a recording: 16 direct 64 KiB writes (dd oflag=direct conv=fsync) right after
# 'probes attached', in ROUNDS short block recordings; every write's issue and completion is in the capture, or
# counted lost. Issue 16's session of 2026-12-06 saw a completion missing without a loss row, once in about six
# such recordings, and could not make it happen again: this is the check to run when chasing it.
# Prints scenario<TAB>expected<TAB>observed<TAB>PASS|FAIL lines (bench/reliability.sh).
set -uo pipefail
: "${JREC:?}" "${WORK:?}"
ROUNDS=${ROUNDS:-20}

row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4"; }
issued=0 completed=0 lost=0
for k in $(seq "$ROUNDS"); do
  out="$WORK/blk$k.parquet" err="$WORK/blk$k.err"
  "$JREC" record --events block -d 3s -o "$out" 2>"$err" &
  rec=$!
  for _ in $(seq 300); do grep -q attached "$err" 2>/dev/null && break; sleep 0.02; done
  dd if=/dev/zero of="$WORK/direct.bin" bs=64k count=16 oflag=direct conv=fsync 2>/dev/null
  wait "$rec"
  counts=$("$JREC" query "$out" --format csv "SELECT count(*) FILTER (WHERE kind = 'block_rq_issue'),
      count(*) FILTER (WHERE kind = 'block_rq_complete') FROM capture_rows WHERE kind LIKE 'block_rq%' AND comm = 'dd'
      AND rwbs LIKE 'W%' AND bytes = 65536" 2>/dev/null | tail -1)
  issued=$((issued + ${counts%,*})) completed=$((completed + ${counts#*,}))
  lost=$((lost + $("$JREC" query "$out" --format csv "SELECT coalesce(sum(lost), 0) FROM loss WHERE source = 'block'" 2>/dev/null | tail -1)))
done
want=$((16 * ROUNDS))
verdict=FAIL
[ "$issued" -eq "$want" ] && { [ "$completed" -eq "$want" ] || [ "$lost" -gt 0 ]; } && verdict=PASS
row "block: $ROUNDS recordings of 16 direct writes right after the attach" "$want issued, $want completed (or loss counted)" \
  "$issued issued, $completed completed, $lost lost" "$verdict"
