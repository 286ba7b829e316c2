#!/usr/bin/env bash
# Near-duplicate detection: TuneKit beside datasketch and rensa in the same run, at 100k, 1M and 3M chat records.
#
#   Tests/Benchmarks/near_dedup.sh                       # needs a release build: swift build -c release
#
# Inputs: the 1M-row CSV of /work/shared/bench/gen_csv.py (CSV1M) and a 3M-row one (CSV3M, made with
# `gen_csv.py 3000000 $CSV3M` when missing). Each size is written once as chat JSONL (by Python), and every tool
# reads that JSONL:
#   - tunekit dedup FILE --near (end to end: reading, exact fingerprints, shingles, MinHash, LSH, writing),
#   - near_dedup_peer.py datasketch (MinHash 128 + MinHashLSH at the same threshold, candidates verified with
#     MinHash.jaccard) and rensa (RMinHash 128 + RMinHashLSH), both on the same shingles and timed without reading.
# Peak memory is the maximum resident set (/usr/bin/time for TuneKit, ru_maxrss for Python, documents included).
# Recall and precision of TuneKit's flagged records (exact and near duplicates, by line) take datasketch's
# verified flags as truth, beside datasketch with another seed (SEED=2) against itself at the first size.
# datasketch runs up to DATASKETCH_MAX records (default 100000: at 1M it takes longer than 20 minutes on two
# shared cores). Then `convert --dedup near` on the CSVs themselves (the byte lane), time and peak memory.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/.build/release/tunekit}
PY=${PY:-/tmp/perfpeers/venv/bin/python}
CSV1M=${CSV1M:-/tmp/perfpeers/data/chat_1m.csv}
CSV3M=${CSV3M:-/tmp/near_bench/chat_3m.csv}
WORK=${WORK:-/tmp/near_bench}
THRESHOLD=${THRESHOLD:-0.8}
SIZES=${SIZES:-"100000 1000000 3000000"}
DATASKETCH_MAX=${DATASKETCH_MAX:-100000}
PEER="$ROOT/Tests/Benchmarks/near_dedup_peer.py"
mkdir -p "$WORK"
[ -f "$CSV3M" ] || "$PY" /work/shared/bench/gen_csv.py 3000000 "$CSV3M"

jsonl_of() {  # CSV N → chat JSONL of its first N records (Python's csv and json, not TuneKit)
    local csv=$1 n=$2 out="$WORK/chat_$2.jsonl"
    [ -f "$out" ] || "$PY" - "$csv" "$n" "$out" <<'EOF'
import csv, json, sys
csv.field_size_limit(1 << 30)
n = int(sys.argv[2])
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[3], "w", encoding="utf-8") as out:
    rows = csv.reader(f)
    next(rows)
    for i, (system, user, assistant) in enumerate(rows):
        if i >= n:
            break
        out.write(json.dumps({"messages": [{"role": "system", "content": system}, {"role": "user", "content": user},
                                           {"role": "assistant", "content": assistant}]}, ensure_ascii=False) + "\n")
EOF
    echo "$out"
}

peak_and_time() {  # /usr/bin/time -v log → "S s, C s CPU, M MB"
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = (n == 3 ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]) }
                /User time|System time/ { c += $2 }
                /Maximum resident set size/ { m = $2 / 1024 } END { printf "%.2f s, %.2f s CPU, %.0f MB", s, c, m }' "$1"
}

for n in $SIZES; do
    csv=$CSV1M; [ "$n" -gt 1000000 ] && csv=$CSV3M
    file=$(jsonl_of "$csv" "$n")
    echo "== $n records ($(wc -c < "$file" | awk '{printf "%.0f MB", $1/1e6}')), threshold $THRESHOLD"
    /usr/bin/time -v "$BIN" dedup "$file" -o "$WORK/kept_$n.jsonl" --near --threshold "$THRESHOLD" \
        --duplicates "$WORK/dups_$n.jsonl" --quiet 2> "$WORK/time_tk_$n.log"
    grep -o '"source":"[^"]*:[0-9]*"' "$WORK/dups_$n.jsonl" | sed 's/.*://; s/"//' | sort -n > "$WORK/flags_tk_$n.txt"
    near=$(grep -c similar_to_source "$WORK/dups_$n.jsonl" || true)
    s=$(peak_and_time "$WORK/time_tk_$n.log")
    echo "tunekit dedup --near: $(wc -l < "$WORK/flags_tk_$n.txt") flagged ($near near), $s," \
         "$(awk -v n="$n" -v t="${s%% s*}" 'BEGIN { printf "%.1fk records/s wall", n / t / 1000 }')," \
         "$(awk -v n="$n" -v s="$s" 'BEGIN { split(s, a, ", "); c = a[2] + 0; printf "%.1fk records per CPU second", n / c / 1000 }')"
    if [ "$n" -le "$DATASKETCH_MAX" ]; then
        "$PY" "$PEER" datasketch "$file" "$THRESHOLD" "$WORK/flags_ds_$n.txt"
        # The control: datasketch with another seed against itself.
        [ "$n" = "${SIZES%% *}" ] && SEED=2 "$PY" "$PEER" datasketch "$file" "$THRESHOLD" "$WORK/flags_ds2_$n.txt"
    else
        echo "datasketch: skipped at $n (DATASKETCH_MAX=$DATASKETCH_MAX)"
    fi
    "$PY" "$PEER" rensa "$file" "$THRESHOLD" "$WORK/flags_rs_$n.txt"
    [ -f "$WORK/flags_ds_$n.txt" ] && "$PY" - "$WORK" "$n" <<'EOF'
import os, sys
work, n = sys.argv[1], sys.argv[2]
load = lambda name: set(open(f"{work}/flags_{name}_{n}.txt").read().split())
truth = load("ds")
for label, name in [("TuneKit", "tk"), ("datasketch seed 2", "ds2"), ("rensa", "rs")]:
    if os.path.exists(f"{work}/flags_{name}_{n}.txt"):
        x = load(name)
        both = len(x & truth)
        print(f"{label} against datasketch's verified flags: recall {both / max(1, len(truth)):.4f}, "
              f"precision {both / max(1, len(x)):.4f} ({len(x)} flagged, datasketch {len(truth)})")
EOF
done

for csv in "$CSV1M" "$CSV3M"; do
    rm -rf "$WORK/near_out"
    /usr/bin/time -v "$BIN" convert "$csv" --dedup near -o "$WORK/near_out" --quiet 2> "$WORK/time_convert.log" >/dev/null || true
    echo "convert --dedup near $(basename "$csv"): $(peak_and_time "$WORK/time_convert.log")," \
         "$(grep -o '"near_duplicates": [0-9]*' "$WORK/near_out/report.json")"
done
