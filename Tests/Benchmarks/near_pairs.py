#!/usr/bin/env python3
"""Recall and precision of each near-duplicate tool on the same pairs, for Tests/Benchmarks/near_dedup.sh.

Usage: near_pairs.py FILE.jsonl THRESHOLD WORK N

The exact truth (near_truth.py) is quadratic on the benchmark's data and runs only at 100k records; scoring one
MinHash tool against another's flags measures both tools' estimates at once (datasketch with a second seed is
about 3 points off itself). This scores every tool against one reference built from the pairs the tools reported:

- each tool's near pairs (flagged line, the stored line it was matched with): TuneKit's from the duplicates file
  of `tunekit dedup` (`source`, `similar_to_source`), the peers' from near_dedup_peer.py's pairs_<tool>_N.txt;
- the union of those pairs, each judged by its exact Jaccard over the shingles every tool uses
  (near_dedup_peer.shingles);
- the reference: the exact duplicates (the same whole-record key as the truth) and every line with at least one
  pair in the union whose exact Jaccard is at or above THRESHOLD.

A tool's recall is the share of the reference it flagged, its precision the share of its flags in the reference.
Where the exact truth of near_truth.py is present (WORK/truth_N_tTHRESHOLD.txt), the reference is scored against
it too, which shows what the union of the tools' pairs misses.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from near_dedup_peer import key_digest, record_of, shingles  # noqa: E402

TOOLS = [("TuneKit", "tk"), ("datasketch", "ds"), ("datasketch seed 2", "ds2"), ("rensa", "rs")]


def line_of(source):
    return int(source.rsplit(":", 1)[1])


def main(path, threshold, work, n):
    pairs, flags = {}, {}
    for label, name in TOOLS:
        f = f"{work}/flags_{name}_{n}.txt"
        if not os.path.exists(f):
            continue
        flags[name] = set(map(int, open(f).read().split()))
        if name == "tk":
            tool_pairs = set()
            with open(f"{work}/dups_{n}.jsonl", encoding="utf-8") as dups:
                for line in dups:
                    d = json.loads(line)
                    if "similar_to_source" in d:
                        tool_pairs.add((line_of(d["source"]), line_of(d["similar_to_source"])))
        else:
            values = list(map(int, open(f"{work}/pairs_{name}_{n}.txt").read().split()))
            tool_pairs = set(zip(values[0::2], values[1::2]))
        pairs[name] = tool_pairs
    union = set().union(*pairs.values())
    wanted = {i for p in union for i in p}
    shingled, exact, seen = {}, set(), set()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            parts, key = record_of(line)
            d = key_digest(key)
            if d in seen:
                exact.add(i)
            seen.add(d)
            if i in wanted:
                shingled[i] = shingles(parts)
    def jaccard(i, j):
        a, b = shingled[i], shingled[j]
        return len(a & b) / len(a | b)
    good = {p for p in union if jaccard(*p) >= threshold}
    reference = exact | {i for i, _ in good}
    print(f"same pairs, {n} records: {len(union)} distinct near pairs reported, {len(good)} at or above {threshold} "
          f"by exact Jaccard; reference {len(reference)} lines ({len(exact)} exact)")
    for label, name in TOOLS:
        if name in flags:
            x = flags[name]
            both = len(x & reference)
            mine = pairs[name]
            print(f"{label} on the same pairs: recall {both / max(1, len(reference)):.4f}, "
                  f"precision {both / max(1, len(x)):.4f}; its near pairs at or above {threshold}: "
                  f"{len(mine & good)} of {len(mine)}")
    truth_path = f"{work}/truth_{n}_t{threshold}.txt"
    if os.path.exists(truth_path):
        truth = set(map(int, open(truth_path).read().split()))
        both = len(reference & truth)
        print(f"the same-pairs reference against the exact truth: recall {both / max(1, len(truth)):.4f}, "
              f"precision {both / max(1, len(reference)):.4f}")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4])
