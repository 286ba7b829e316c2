#!/usr/bin/env bash
# Fuzzes TuneKit's parsers with libFuzzer, one target at a time.
#
#   Tests/Fuzz/run.sh [SECONDS] [TARGETS…]     (default 60 seconds each, every target)
#
# Builds tunekit-fuzz once with AddressSanitizer and libFuzzer's coverage (scratch build in $FUZZ_HOME/build),
# seeds each target's corpus ($FUZZ_HOME/corpus/<target>) from the committed fixtures and third-party files with
# the target's extensions (and its regressions), runs it for SECONDS under `nice -n 19`, moves crash-*/leak-*/
# timeout-*/oom-* files to Tests/Fuzz/Findings/ and prints a table: target, seconds, execs, corpus, findings.
# A finding: minimise it (tunekit-fuzz -minimize_crash=1 -runs=10000 FILE, with TUNEKIT_FUZZ_TARGET set), commit
# the small input under Tests/Fuzz/Regressions/<target>/, fix the parser (the replay test runs it on every
# swift test). FUZZ_HOME defaults to /tmp/tunekit-fuzz; corpora stay there between runs. FUZZ_TIMEOUT (seconds,
# default 10) is libFuzzer's -timeout: on a machine busy with builds the nice-19 fuzzers are starved, and a unit
# that takes 0.1 s alone can pass 10 s of wall clock (saved as timeout-*; replay it alone before calling it a hang).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:-60}
[[ $# -gt 0 ]] && shift
home=${FUZZ_HOME:-/tmp/tunekit-fuzz}
mkdir -p "$home/corpus" "$home/logs" Tests/Fuzz/Findings

# libFuzzer's `-sanitize=fuzzer` cannot be given to the whole package: the resource plugin's tool (tunekit-embed)
# would link libFuzzer's main. Instead every module gets ASan and coverage, and only tunekit-fuzz pulls in
# libFuzzer (the no-main archive, driven by LLVMFuzzerRunDriver).
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
libfuzzer=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -1)
nice -n 19 swift build --product tunekit-fuzz --scratch-path "$home/build" \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    -Xswiftc -DFUZZING -Xlinker "$libfuzzer" -Xlinker -lstdc++ >"$home/logs/build.log" 2>&1 \
    || { tail -30 "$home/logs/build.log"; exit 1; }
binary="$home/build/debug/tunekit-fuzz"

# name max_len dictionary extensions, from the binary's table.
targets=$("$binary" --list)
[[ $# -gt 0 ]] && targets=$(awk -v want=" $* " 'index(want, " " $1 " ")' <<<"$targets")

summary="$home/summary-$(date +%Y%m%d-%H%M%S).tsv"
printf 'target\tseconds\texecs\tcorpus\tfindings\n' >"$summary"
while read -r name maxlen dict extensions; do
    [[ -z $name ]] && continue
    corpus="$home/corpus/$name"
    mkdir -p "$corpus"
    pattern=$(tr ',' '\n' <<<"$extensions" | sed 's/.*/\\.&$/' | paste -sd'|')
    git ls-files | grep -v '^Tests/Fuzz/' | grep -iE "$pattern" | while read -r file; do
        [[ $(stat -c %s "$file") -le $maxlen ]] && cp -n "$file" "$corpus/seed-$(tr '/' '_' <<<"$file")"
    done || true
    [[ -d Tests/Fuzz/Regressions/$name ]] && cp -n Tests/Fuzz/Regressions/"$name"/* "$corpus"/ 2>/dev/null || true
    options=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-10}" -max_len="$maxlen" -print_final_stats=1
             -artifact_prefix="$root/Tests/Fuzz/Findings/$name-")
    [[ $dict != - ]] && options+=(-dict="$root/Tests/Fuzz/$dict")
    before=$(ls Tests/Fuzz/Findings | grep -cE "^$name-(crash|leak|timeout|oom)-" || true)
    start=$(date +%s)
    TUNEKIT_FUZZ_TARGET=$name nice -n 19 "$binary" "${options[@]}" "$corpus" >"$home/logs/$name.log" 2>&1 || true
    took=$(( $(date +%s) - start ))
    execs=$(grep -o 'number_of_executed_units: [0-9]*' "$home/logs/$name.log" | tail -1 | grep -o '[0-9]*$' || echo '?')
    after=$(ls Tests/Fuzz/Findings | grep -cE "^$name-(crash|leak|timeout|oom)-" || true)
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$took" "${execs:-?}" "$(ls "$corpus" | wc -l)" "$((after - before))" | tee -a "$summary"
done <<<"$targets"
echo
column -t -s $'\t' "$summary"
