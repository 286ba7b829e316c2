#!/usr/bin/env bash
# CSV -> chat JSONL: TuneKit beside the Python peers of shared/bench, same file, same run.
# Prints one line per tool (best of N runs): seconds, input MB/s, rows/s, peak RSS, and TuneKit's speed
# as a ratio to each peer. Absolute times on a shared VM are noisy; the ratios are what counts.
#
# Usage: Tests/Benchmarks/csv_to_chat.sh [CSV] [RUNS]
#   CSV   default /tmp/perfpeers/data/chat_1m.csv (make it with shared/bench/gen_csv.py)
#   RUNS  default 3
# Needs: swift, /usr/bin/time, and the peers' venv from shared/bench/setup_venvs.sh at /tmp/perfpeers/venv
# (orjson, pandas, polars, duckdb) — peers that are missing are skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
csv=${1:-/tmp/perfpeers/data/chat_1m.csv}
runs=${2:-3}
bench=${BENCH_DIR:-$root/../shared/bench}
py=${PEER_PYTHON:-/tmp/perfpeers/venv/bin/python}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

swift build -c release --package-path "$root" >/dev/null
tunekit="$root/.build/release/tunekit"
size=$(stat -c %s "$csv")
rows=$(( $("$tunekit" convert "$csv" -o "$out/count" --dedup none --quiet; python3 -c "import json;print(json.load(open('$out/count/report.json'))['counts']['read'])") ))
cat "$csv" > /dev/null

# Best time and its peak RSS (KiB) over $runs runs of a command. The time is the wall clock of the
# whole process, except for the Python peers, which report their own time without interpreter start-up
# and imports (the more favourable figure for them).
measure() {
  local best="" rss="" t m
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/stdout" 2>/dev/null
    read -r t m < <(tail -n 1 "$out/time")
    if grep -q "rows=" "$out/stdout"; then t=$(sed -E 's/.* ([0-9.]+)s in=.*/\1/' "$out/stdout"); fi
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
  done
  echo "$best $rss"
}

printf "%-34s %8s %9s %10s %9s %s\n" tool seconds "MB/s in" "rows/s" "peak MB" "TuneKit speed-up"
declare -A times
row() { # name seconds rssKiB
  local mbs rps
  mbs=$(awk "BEGIN{printf \"%.0f\", $size/1e6/$2}")
  rps=$(awk "BEGIN{printf \"%.0f\", $rows/$2}")
  printf "%-34s %8s %9s %10s %9s %s\n" "$1" "$2" "$mbs" "$rps" "$(( $3 / 1024 ))" "$4"
}
read -r tk tkrss < <(measure "$tunekit" convert "$csv" -o "$out/tk" --quiet)
read -r tkn tknrss < <(measure "$tunekit" convert "$csv" -o "$out/tkn" --quiet --dedup none)
row "tunekit (exact dedup, 1 thread)" "$tk" "$tkrss" "—"
row "tunekit --dedup none" "$tkn" "$tknrss" "—"
if [ -x "$py" ]; then
  for method in csv_json csv_orjson pandas polars_1t duckdb_1t polars duckdb; do
    if ! "$py" "$bench/bench_csv_jsonl.py" "$method" "$csv" "$out/peers" >/dev/null 2>&1; then continue; fi
    read -r t m < <(measure "$py" "$bench/bench_csv_jsonl.py" "$method" "$csv" "$out/peers")
    row "python $method" "$t" "$m" "$(awk "BEGIN{printf \"%.2fx\", $t/$tk}")"
  done
fi
