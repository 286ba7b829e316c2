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
# Scoring: each tool's flagged records (exact and near duplicates, by line) against two references: the exact
# truth of near_truth.py (the same shingles and greedy rule with the exact Jaccard; run up to TRUTH_MAX records,
# default 100000, as it is quadratic on this data) and datasketch's verified flags; datasketch with another seed
# (SEED=2, at the first size) is the control. datasketch runs up to DATASKETCH_MAX records (default 3000000) and
# only while its peak projected from the two previous sizes stays under DATASKETCH_MB (default 14000 MB).
# Then `convert --dedup near` on the CSVs themselves (the byte lane), time and peak memory.
# Run it under `nice -n 5` on a shared machine; times are CPU seconds where the machine is loaded.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/.build/release/tunekit}
PY=${PY:-/tmp/perfpeers/venv/bin/python}
CSV1M=${CSV1M:-/tmp/perfpeers/data/chat_1m.csv}
CSV3M=${CSV3M:-/tmp/near_bench/chat_3m.csv}
WORK=${WORK:-/tmp/near_bench}
THRESHOLD=${THRESHOLD:-0.8}
SIZES=${SIZES:-"100000 1000000 3000000"}
DATASKETCH_MAX=${DATASKETCH_MAX:-3000000}
DATASKETCH_MB=${DATASKETCH_MB:-14000}
TRUTH_MAX=${TRUTH_MAX:-100000}
PEER="$ROOT/Tests/Benchmarks/near_dedup_peer.py"
TRUTH="$ROOT/Tests/Benchmarks/near_truth.py"
ds_peaks=()  # "records peak_MB" of the datasketch runs so far
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

score() {  # flags of size $1 against the exact truth and against datasketch's flags, where present
    local n=$1 truth="$WORK/truth_${1}_t$THRESHOLD.txt"
    [ -s "$truth" ] && cp "$truth" "$WORK/flags_truth_$n.txt"
    "$PY" - "$WORK" "$n" <<'EOF'
import os, sys
work, n = sys.argv[1], sys.argv[2]
path = lambda name: f"{work}/flags_{name}_{n}.txt"
load = lambda name: set(open(path(name)).read().split())
for ref, ref_label in [("truth", "the exact truth"), ("ds", "datasketch's verified flags")]:
    if not os.path.exists(path(ref)):
        continue
    truth = load(ref)
    for label, name in [("TuneKit", "tk"), ("datasketch", "ds"), ("datasketch seed 2", "ds2"), ("rensa", "rs")]:
        if name != ref and os.path.exists(path(name)):
            x = load(name)
            both = len(x & truth)
            print(f"{label} against {ref_label}: recall {both / max(1, len(truth)):.4f}, "
                  f"precision {both / max(1, len(x)):.4f} ({len(x)} flagged, reference {len(truth)})")
EOF
}

pairs() {  # every tool on the same pairs: near_pairs.py (the union of the tools' pairs, judged by exact Jaccard)
    "$PY" "$ROOT/Tests/Benchmarks/near_pairs.py" "$WORK/chat_$1.jsonl" "$THRESHOLD" "$WORK" "$1" || echo "near_pairs.py failed at $1"
}

if [ "${1:-}" = score ]; then  # score the flags already in $WORK again (after a truth was computed)
    for n in $SIZES; do echo "== $n"; score "$n"; pairs "$n"; done
    exit 0
fi

for n in $SIZES; do
    csv=$CSV1M; [ "$n" -gt 1000000 ] && csv=$CSV3M
    file=$(jsonl_of "$csv" "$n")
    rm -f "$WORK"/flags_*_"$n".txt  # no flags of an earlier run are scored
    echo "== $n records ($(wc -c < "$file" | awk '{printf "%.0f MB", $1/1e6}')), threshold $THRESHOLD"
    /usr/bin/time -v "$BIN" dedup "$file" -o "$WORK/kept_$n.jsonl" --near --threshold "$THRESHOLD" \
        --duplicates "$WORK/dups_$n.jsonl" --quiet 2> "$WORK/time_tk_$n.log"
    grep -o '"source":"[^"]*:[0-9]*"' "$WORK/dups_$n.jsonl" | sed 's/.*://; s/"//' | sort -n > "$WORK/flags_tk_$n.txt"
    near=$(grep -c similar_to_source "$WORK/dups_$n.jsonl" || true)
    s=$(peak_and_time "$WORK/time_tk_$n.log")
    echo "tunekit dedup --near: $(wc -l < "$WORK/flags_tk_$n.txt") flagged ($near near), $s," \
         "$(awk -v n="$n" -v t="${s%% s*}" 'BEGIN { printf "%.1fk records/s wall", n / t / 1000 }')," \
         "$(awk -v n="$n" -v s="$s" 'BEGIN { split(s, a, ", "); c = a[2] + 0; printf "%.1fk records per CPU second", n / c / 1000 }')"
    truth="$WORK/truth_${n}_t$THRESHOLD.txt"  # deterministic for the file and threshold: computed once, kept
    [ "$n" -le "$TRUTH_MAX" ] && [ ! -s "$truth" ] && "$PY" "$TRUTH" "$file" "$THRESHOLD" "$truth"
    projected=0
    if [ ${#ds_peaks[@]} -ge 2 ]; then  # linear in records through the last two measured peaks
        projected=$(echo "${ds_peaks[-2]} ${ds_peaks[-1]}" | awk -v n="$n" '{ printf "%.0f", $4 + ($4 - $2) * (n - $3) / ($3 - $1) }')
    fi
    if [ "$n" -le "$DATASKETCH_MAX" ] && [ "$projected" -le "$DATASKETCH_MB" ]; then
        out=$("$PY" "$PEER" datasketch "$file" "$THRESHOLD" "$WORK/flags_ds_$n.txt"); echo "$out"
        ds_peaks+=("$n $(echo "$out" | sed 's/.*peak \([0-9]*\) MB.*/\1/')")
        # The control: datasketch with another seed.
        [ "$n" = "${SIZES%% *}" ] && SEED=2 "$PY" "$PEER" datasketch "$file" "$THRESHOLD" "$WORK/flags_ds2_$n.txt"
    else
        echo "datasketch: skipped at $n (DATASKETCH_MAX=$DATASKETCH_MAX, projected peak ${projected} MB, limit $DATASKETCH_MB MB)"
    fi
    "$PY" "$PEER" rensa "$file" "$THRESHOLD" "$WORK/flags_rs_$n.txt"
    score "$n"
    pairs "$n"
done

for csv in "$CSV1M" "$CSV3M"; do
    rm -rf "$WORK/near_out"
    /usr/bin/time -v "$BIN" convert "$csv" --dedup near -o "$WORK/near_out" --quiet 2> "$WORK/time_convert.log" >/dev/null || true
    echo "convert --dedup near $(basename "$csv"): $(peak_and_time "$WORK/time_convert.log")," \
         "$(grep -o '"near_duplicates": [0-9]*' "$WORK/near_out/report.json")"
done
