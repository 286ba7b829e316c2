#!/usr/bin/env bash
# `tunekit validate` beside a Python orjson checker doing the same rules (check_jsonl.py), same files,
# same run: best of N, MB/s and peak RSS, and TuneKit's speed as a ratio. Both report the file as over the
# platform's 100 MB limit (exit 1): that is expected on these files.
#
# Usage: Tests/Benchmarks/validate_jsonl.sh [RUNS]   (files made by gen_jsonl.py, see below)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
py=${PEER_PYTHON:-/tmp/perfpeers/venv/bin/python}
data=/tmp/perfpeers/data
[ -f $data/chat_1g.jsonl ] || "$py" "$root/Tests/Benchmarks/gen_jsonl.py" $data/chat_1g.jsonl --format chat --mb 1000
[ -f $data/tools_1g.jsonl ] || "$py" "$root/Tests/Benchmarks/gen_jsonl.py" $data/tools_1g.jsonl --format tools --mb 1000
swift build -c release --package-path "$root" >/dev/null
tunekit="$root/.build/release/tunekit"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

measure() { # prints "best_seconds peak_kib"
  local best="" rss="" t m
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$tmp" "$@" >/dev/null 2>&1
    read -r t m < <(tail -n 1 "$tmp")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
  done
  echo "$best $rss"
}

printf "%-12s %-10s %9s %9s %9s %8s\n" file tool seconds "MB/s" "peak MB" ratio
for format in chat tools; do
  file=$data/${format}_1g.jsonl
  size=$(stat -c %s "$file")
  cat "$file" > /dev/null
  read -r tk tkm < <(measure "$tunekit" validate --format "$format" --quiet "$file")
  read -r pe pem < <(measure "$py" "$root/Tests/Benchmarks/check_jsonl.py" "$file" --format "$format")
  printf "%-12s %-10s %9s %9.0f %9d %8s\n" "$format" tunekit "$tk" "$(awk "BEGIN{print $size/1e6/$tk}")" $((tkm / 1024)) "—"
  printf "%-12s %-10s %9s %9.0f %9d %7.2fx\n" "$format" "python" "$pe" "$(awk "BEGIN{print $size/1e6/$pe}")" $((pem / 1024)) "$(awk "BEGIN{print $pe/$tk}")"
done
