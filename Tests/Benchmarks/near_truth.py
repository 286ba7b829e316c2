#!/usr/bin/env python3
"""Exact near-duplicate flags for Tests/Benchmarks/near_dedup.sh: the truth the MinHash tools are scored against.

Usage: near_truth.py FILE.jsonl THRESHOLD OUT [--brute]

Same records, shingles and exact keys as near_dedup_peer.py (imported from it), same greedy rule with the exact
Jaccard instead of a MinHash estimate: record i (1-based line) is flagged when its exact key equals an earlier
record's, or when an earlier stored record (one neither flagged nor an exact duplicate) has
|A ∩ B| / |A ∪ B| >= THRESHOLD with it. OUT gets the flagged line numbers, one a line.

How: an all-pairs similarity join, then the greedy pass over the pairs in file order. The join is exact: the
records (exact duplicates left out) are a sparse 0/1 matrix over the shingle vocabulary, sorted by size; each block
of rows is multiplied with the rows its length filter admits (t * |s| <= |r| <= |s| / t), which gives |A ∩ B|
for every pair sharing a shingle; pairs below the threshold are dropped. Prefix filtering (tokens rarest first,
prefix |s| - ceil(t * |s|) + 1) is not used: on this benchmark's flat vocabulary (85 English words, bigrams of 55
Chinese words) it would still leave 2.1e9 of the 1.6e10 shared-shingle pair counts at 100k records, each then
checked on its own; the script prints both counts. Every pair sharing a shingle is counted by the product, so no
pair at or above the threshold can be missed; the work is quadratic on a flat vocabulary (561 CPU s at 100k
records, about a hundred times that at 1M).

--brute compares every pair with Python sets instead (for checking the join on a few thousand records).
"""
import math
import os
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from near_dedup_peer import batches, key_digest, shingles  # noqa: E402


def load(path):
    """→ (line count, exact-duplicate line numbers, line numbers of the others, their shingle id lists, vocab size)."""
    vocab = {}
    seen = set()
    exact, lines, indices, indptr = [], [], [], [0]
    n = 0
    for batch in batches(path):
        for parts, key in batch:
            n += 1
            d = key_digest(key)
            if d in seen:
                exact.append(n)
                continue
            seen.add(d)
            ids = sorted(vocab.setdefault(x, len(vocab)) for x in shingles(parts))
            lines.append(n)
            indices.extend(ids)
            indptr.append(len(indices))
    return n, exact, np.array(lines), np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int64), len(vocab)


def similar_pairs(indices, indptr, vocab_size, t, block_cells=10_000_000):
    """Every pair (later, earlier) of rows with exact Jaccard >= t, as two arrays of row numbers."""
    m = len(indptr) - 1
    x = sp.csr_matrix((np.ones(len(indices), dtype=np.int32), indices, indptr), shape=(m, vocab_size))
    size = np.diff(indptr)
    order = np.argsort(size, kind="stable")
    xs = x[order]
    xt = xs.T.tocsc()  # columns of xs.T are rows of xs
    sz = size[order]
    later, earlier = [], []
    a = 0
    while a < m:
        lo = np.searchsorted(sz, math.floor(t * sz[a]) - 1, "left")
        hi_guess = np.searchsorted(sz, math.ceil(sz[min(m - 1, a + 255)] / t) + 1, "right")
        b = min(m, a + max(1, block_cells // max(1, hi_guess - lo)))
        hi = np.searchsorted(sz, math.ceil(sz[b - 1] / t) + 1, "right")
        c = (xs[a:b] @ xt[:, lo:hi]).tocoo()
        r = c.row + a
        s = c.col + lo
        inter = c.data
        keep = (order[r] > order[s]) & (inter / (sz[r] + sz[s] - inter) >= t)
        later.append(order[r[keep]])
        earlier.append(order[s[keep]])
        a = b
    return np.concatenate(later), np.concatenate(earlier)


def brute_pairs(indices, indptr, t):
    sets = [set(indices[indptr[k]:indptr[k + 1]].tolist()) for k in range(len(indptr) - 1)]
    later, earlier = [], []
    for i, a in enumerate(sets):
        for j in range(i):
            inter = len(a & sets[j])
            if inter / (len(a) + len(sets[j]) - inter) >= t:
                later.append(i)
                earlier.append(j)
    return np.array(later, dtype=np.int64), np.array(earlier, dtype=np.int64)


def prefix_candidates(indices, indptr, t):
    """Pairs a prefix filter (rarest tokens first) would leave, and pairs sharing any token (both counted with
    the usual sum over tokens of df * (df - 1) / 2, an upper bound: a pair sharing several tokens counts several times)."""
    df = np.bincount(indices)
    rank = np.empty_like(df)
    rank[np.argsort(df, kind="stable")] = np.arange(len(df))
    prefix_df = np.zeros_like(df)
    for k in range(len(indptr) - 1):
        toks = indices[indptr[k]:indptr[k + 1]]
        p = len(toks) - math.ceil(t * len(toks)) + 1
        prefix_df[toks[np.argsort(rank[toks])[:p]]] += 1
    pairs = lambda d: int((d.astype(np.float64) * (d - 1) / 2).sum())
    return pairs(prefix_df), pairs(df)


def main():
    path, t, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    brute = "--brute" in sys.argv[4:]
    t0, c0 = time.perf_counter(), time.process_time()
    n, exact, lines, indices, indptr, vocab_size = load(path)
    later, earlier = (brute_pairs(indices, indptr, t) if brute
                      else similar_pairs(indices, indptr, vocab_size, t))
    flagged_row = np.zeros(len(lines), dtype=bool)
    by_later = np.argsort(later, kind="stable")
    later, earlier = later[by_later], earlier[by_later]
    starts = np.searchsorted(later, np.arange(len(lines) + 1))
    for i in np.unique(later):  # rows in file order: an earlier row's flag is final when a later row reads it
        if not flagged_row[earlier[starts[i]:starts[i + 1]]].all():
            flagged_row[i] = True
    flags = sorted(exact + lines[flagged_row].tolist())
    with open(out, "w") as f:
        f.write("".join(f"{k}\n" for k in flags))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"exact truth: {n} records, {len(flags)} flagged ({int(flagged_row.sum())} near, {len(later)} similar "
          f"pairs, vocabulary {vocab_size}), {time.process_time() - c0:.1f} s CPU, "
          f"{time.perf_counter() - t0:.1f} s wall, peak {peak:.0f} MB")
    if not brute:
        prefix, shared = prefix_candidates(indices, indptr, t)
        print(f"exact truth: pairs sharing a shingle (upper bound) {shared:.3g}, left by a prefix filter {prefix:.3g}")


if __name__ == "__main__":
    main()
