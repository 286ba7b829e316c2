#!/usr/bin/env bash
# Same-run A/B of two tunekit binaries on the benchmark inputs: runs A and B interleaved (A B A B …), prints
# each case's best time and peak memory for both and the ratio B/A, and checks that both wrote the same bytes
# (train, validation, duplicates, rejects, manifests; report.json differences are listed, not failed).
#
# Usage: Tests/Benchmarks/ab.sh A_BINARY B_BINARY [RUNS] [CASES…]
#   RUNS   runs of each binary per case (default 3)
#   CASES  any of: csv csv-none csv-split transcript xlsx xml images vision (default: all whose input exists)
# Inputs (make them with shared/bench/gen_csv.py, Tests/Benchmarks/gen_transcript.py, shared/bench/bench_sheets.py
# gen and shared/bench/gen_images.py): /tmp/perfpeers/data/{chat_1m.csv,transcript_1g.txt,chat.xlsx,chat2003.xml}
# and /tmp/perfpeers/img.
set -uo pipefail
a=$1 b=$2 runs=${3:-3}
shift 3 2>/dev/null || shift $#
data=${DATA:-/tmp/perfpeers/data}
img=${IMG:-/tmp/perfpeers/img}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

declare -A input args
input[csv]=$data/chat_1m.csv;          args[csv]="convert $data/chat_1m.csv --quiet"
input[csv-none]=$data/chat_1m.csv;     args[csv-none]="convert $data/chat_1m.csv --quiet --dedup none"
input[csv-split]=$data/chat_1m.csv;    args[csv-split]="convert $data/chat_1m.csv --quiet --validation 0.1"
input[transcript]=$data/transcript_1g.txt; args[transcript]="convert $data/transcript_1g.txt --quiet --dedup none"
input[xlsx]=$data/chat.xlsx;           args[xlsx]="convert $data/chat.xlsx --quiet"
input[xml]=$data/chat2003.xml;         args[xml]="convert $data/chat2003.xml --quiet"
input[vision]=$img;                    args[vision]="convert $out/photos.csv --to vision --image-mode base64 --image-root $img --quiet"
input[images]=$img;                    args[images]="images $img --manifest --quiet --jobs 1"
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(csv csv-none csv-split transcript xlsx xml images vision)
# The photos named in a table, one question each, for the vision case.
if [ -d "$img" ]; then
  { echo "image,user,assistant"; for f in "$img"/*.jpg; do echo "$(basename "$f"),这张图片里是什么？,一张照片：$(basename "$f")"; done; } > "$out/photos.csv"
fi

status=0
for c in "${cases[@]}"; do
  [ -e "${input[$c]}" ] || { echo "$c: no input ${input[$c]}, skipped"; continue; }
  besta="" bestb=""
  for i in $(seq "$runs"); do
    for side in a b; do
      bin=${!side}
      rm -rf "$out/$side"
      /usr/bin/time -f "%e %M" -o "$out/time" "$bin" ${args[$c]} -o "$out/$side" > /dev/null 2> "$out/$side.err"
      read -r t m < "$out/time"
      if [ "$side" = a ]; then
        if [ -z "$besta" ] || awk "BEGIN{exit !($t < $besta)}"; then besta=$t; rssa=$m; fi
      else
        if [ -z "$bestb" ] || awk "BEGIN{exit !($t < $bestb)}"; then bestb=$t; rssb=$m; fi
      fi
    done
  done
  same=identical
  for f in $(cd "$out/a" && find . -type f ! -name report.json | sort); do
    cmp -s "$out/a/$f" "$out/b/$f" || { same="DIFFERENT: $f"; status=1; }
  done
  for f in $(cd "$out/b" && find . -type f ! -name report.json | sort); do
    [ -e "$out/a/$f" ] || { same="DIFFERENT: only B wrote $f"; status=1; }
  done
  printf "%-11s A %6.2f s %5d MB   B %6.2f s %5d MB   B/A %.3f   outputs %s\n" "$c" "$besta" $((rssa / 1024)) \
    "$bestb" $((rssb / 1024)) "$(awk "BEGIN{print $bestb / $besta}")" "$same"
  if [ -e "$out/a/report.json" ] && ! cmp -s "$out/a/report.json" "$out/b/report.json"; then
    diff <(python3 -m json.tool "$out/a/report.json") <(python3 -m json.tool "$out/b/report.json") | sed 's/^/    report: /' | head -20
  fi
done
exit $status
