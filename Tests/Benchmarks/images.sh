#!/usr/bin/env bash
# Image pipeline: JPEG → decode → fit 1024 px → JPEG q85 → base64 data URI, TuneKit beside the Python peers of
# shared/bench/bench_images.py, same pictures, same run, on one and on two cores.
# TuneKit is timed as a whole process (start-up, reading, writing each picture and manifest.jsonl with every data
# URI); the peers report their own loop time (files read, data URIs built in memory, nothing written).
#
# Usage: Tests/Benchmarks/images.sh [DIR] [RUNS]
#   DIR   default /tmp/perfpeers/img (200 photos 3000x2000 q90 from shared/bench/gen_images.py)
#   RUNS  best of, for TuneKit (default 3)
# Needs the venvs of shared/bench/setup_venvs.sh (/tmp/perfpeers/venv, venv-simd); missing peers are skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-/tmp/perfpeers/img}
runs=${2:-3}
bench=${BENCH_DIR:-$root/../shared/bench}
peers=/tmp/perfpeers
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

swift build -c release --package-path "$root" --product tunekit >/dev/null
tunekit="$root/.build/release/tunekit"
count=$(ls "$dir"/*.jpg | wc -l)
cat "$dir"/*.jpg > /dev/null

for jobs in 1 2; do
  best=""
  for _ in $(seq "$runs"); do
    rm -rf "$out/run"
    /usr/bin/time -f "%e %M" -o "$out/time" "$tunekit" images "$dir" -o "$out/run" --jobs "$jobs" --manifest --quiet
    read -r t m < "$out/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
  done
  ours=$(awk "BEGIN{printf \"%.1f\", $count / $best}")
  printf "%-30s jobs=%s %7s img/s  (%s pictures in %s s, peak %s MB)\n" "tunekit images --manifest" "$jobs" "$ours" "$count" "$best" $((rss / 1024))
  for peer in "venv vips_thumb" "venv pil_draft" "venv-simd pil_draft" "venv cv2_reduced"; do
    set -- $peer
    [ -x "$peers/$1/bin/python" ] || continue
    line=$("$peers/$1/bin/python" "$bench/bench_images.py" "$2" --procs "$jobs" --dir "$dir" 2>/dev/null) || continue
    theirs=$(echo "$line" | sed -E 's/.* ([0-9.]+) img\/s.*/\1/')
    printf "  %-28s procs=%s %7s img/s  → TuneKit %sx\n" "$1 $2" "$jobs" "$theirs" "$(awk "BEGIN{printf \"%.2f\", $ours / $theirs}")"
  done
done
