#!/usr/bin/env bash
# Workbook -> chat JSONL, end to end as a user runs it: TuneKit beside its Python peers on the same files in the
# same run — python-calamine + orjson on the XLSX, lxml iterparse + orjson on the Excel 2003 XML — each writing
# the same lines (checked byte for byte). Runs are interleaved (TuneKit, peer, TuneKit, peer …); prints each
# tool's best time of N, its CPU time and peak RSS in that run, and TuneKit's speed as a ratio to the peer.
# Wall times on a shared VM are noisy; the same-run ratios are what counts.
#
# Usage: Tests/Benchmarks/workbook_to_chat.sh [RUNS] [XLSX] [XML]
#   RUNS  default 5
#   XLSX  default /tmp/perfpeers/data/chat.xlsx     (200k rows x 3 strings: shared/bench/bench_sheets.py gen)
#   XML   default /tmp/perfpeers/data/chat2003.xml  (the same rows as Excel 2003 XML, from the same command)
# Needs: swift, /usr/bin/time, and a Python with python-calamine, lxml and orjson (PEER_PYTHON, default the
# venv of shared/bench/setup_venvs.sh at /tmp/perfpeers/venv). TUNEKIT=path skips the release build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
xlsx=${2:-/tmp/perfpeers/data/chat.xlsx}
xml=${3:-/tmp/perfpeers/data/chat2003.xml}
py=${PEER_PYTHON:-/tmp/perfpeers/venv/bin/python}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ -z "${TUNEKIT:-}" ]; then
  swift build -c release --package-path "$root" --product tunekit >/dev/null
  TUNEKIT="$root/.build/release/tunekit"
fi

# One run: wall seconds (the Python peers report their own time, without interpreter start-up and imports:
# the more favourable figure for them), CPU seconds, peak RSS in KiB.
once() {
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" >"$out/stdout" 2>"$out/stderr" || { cat "$out/stderr" >&2; exit 1; }
  local t u s m
  read -r t u s m < <(tail -n 1 "$out/time")
  if grep -qE '^[0-9.]+s$' "$out/stdout"; then t=$(sed 's/s$//' "$out/stdout"); fi
  echo "$t $(awk "BEGIN{print $u + $s}") $m"
}

printf "%-44s %8s %8s %8s %s\n" "case" "best s" "cpu s" "peak MB" "TuneKit speed-up"
status=0
for kind in xlsx xml; do
  input=${!kind}
  [ -e "$input" ] || { echo "$kind: no input $input, skipped"; continue; }
  if [ "$kind" = xlsx ]; then peer=(calamine_chat.py); label="python-calamine + orjson"; else peer=(lxml2003_chat.py); label="lxml iterparse + orjson"; fi
  cat "$input" > /dev/null
  bt="" bp=""
  for _ in $(seq "$runs"); do
    rm -rf "$out/tk"
    read -r t c m < <(once "$TUNEKIT" convert "$input" --to chat --dedup none -o "$out/tk" --quiet)
    if [ -z "$bt" ] || awk "BEGIN{exit !($t < $bt)}"; then bt=$t; bc=$c; bm=$m; fi
    read -r t c m < <(once "$py" "$root/Tests/Benchmarks/${peer[0]}" "$input" "$out/peer.jsonl")
    if [ -z "$bp" ] || awk "BEGIN{exit !($t < $bp)}"; then bp=$t; pc=$c; pm=$m; fi
  done
  same=identical
  cat "$out"/tk/train*.jsonl | cmp -s - "$out/peer.jsonl" || { same="DIFFERENT"; status=1; }
  printf "%-44s %8s %8s %8d %s\n" "tunekit $(basename "$input")" "$bt" "$bc" $((bm / 1024)) "$(awk "BEGIN{printf \"%.2fx\", $bp / $bt}") (lines $same)"
  printf "%-44s %8s %8s %8d\n" "$label" "$bp" "$pc" $((pm / 1024))
done
exit $status
