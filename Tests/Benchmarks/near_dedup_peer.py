#!/usr/bin/env python3
"""Near-duplicate peers for Tests/Benchmarks/near_dedup.sh, on the same JSONL chat records tunekit dedup reads.

Usage: near_dedup_peer.py datasketch|rensa FILE.jsonl [THRESHOLD=0.8] [FLAGS_OUT]

Each record's document is its user and assistant turns (no system prompt), shingled as TuneKit's ScriptShingler
documents it: after NFKC, white-space collapsing and lower-casing, character bigrams of Han, Kana and Hangul runs
and words (runs of letters and digits) of other text, run by run and turn by turn; a document with fewer than 4
distinct shingles becomes the one shingle of its normalised text (compared exactly). Exact duplicates of the whole
record (system prompt included, normalised) are flagged first, as TuneKit's exact fingerprint does; near
duplicates are looked for among the rest:

- datasketch: MinHash(num_perm=128) + MinHashLSH(threshold); each candidate MinHashLSH.query returns is verified
  with MinHash.jaccard >= threshold (only verified candidates flag a record), then the record is inserted if new.
- rensa: RMinHash(128) + RMinHashLSH(threshold, 16 bands), candidates verified with RMinHash.jaccard the same way.
SEED (default 1) seeds the hash functions: a second datasketch run with another seed measures how much two
MinHash estimates of the same pairs disagree at the threshold on their own.

The file is read in batches of 10,000 records: reading and JSON parsing are outside the timings, everything else
(exact keys, shingles, MinHash, LSH, verification) inside; CPU seconds are process_time (the machine may be shared).
Memory stays lean without changing what is computed: each record is shingled when it is processed (no set is
kept), exact-duplicate keys are kept as 16-byte BLAKE2b digests, and the signatures of stored records are rows of
one preallocated uint32 array (datasketch's `hashvalues` and rensa's `digest()` are 128 uint32 each), against which
candidates are verified with `np.count_nonzero(a == b) / 128 >= threshold`, what MinHash.jaccard and
RMinHash.jaccard compute. The LSH libraries' own tables are theirs, unchanged. FLAGS_OUT gets the 1-based line
numbers of the flagged records (exact and near), one a line, for the recall/precision comparison, and the same
path with `pairs_` for `flags_` gets each near duplicate's line and the line of the earliest stored record it was
verified against ("i j" a line), for near_pairs.py. Peak memory:
ru_maxrss of the whole process.
"""
import hashlib
import json
import os
import re
import resource
import sys
import time
import unicodedata

import numpy as np

MINIMUM_SHINGLES = 4
SEED = int(os.environ.get("SEED", "1"))
WS = re.compile(r"\s+")


def is_cjk(c):
    v = ord(c)
    return (0x4E00 <= v <= 0x9FFF or 0x3400 <= v <= 0x4DBF or 0xF900 <= v <= 0xFAFF or 0x20000 <= v <= 0x3FFFF
            or (0x3040 <= v <= 0x30FF and v != 0x30FB) or 0x31F0 <= v <= 0x31FF or 0xFF66 <= v <= 0xFF9F
            or 0xAC00 <= v <= 0xD7AF or 0x1100 <= v <= 0x11FF or 0x3130 <= v <= 0x318F)


def norm(text):
    return WS.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def shingle_part(text, out):
    run, word = [], []

    def close():
        if len(run) == 1:
            out.add(run[0])
        for i in range(1, len(run)):
            out.add(run[i - 1] + run[i])
        if word:
            out.add("".join(word))
        run.clear()
        word.clear()

    for c in text.lower():
        if is_cjk(c):
            if word:
                close()
            run.append(c)
        elif c.isalnum():
            if run:
                close()
            word.append(c)
        else:
            close()
    close()


def shingles(parts):
    out = set()
    normalized = [norm(p) for p in parts]
    for p in normalized:
        shingle_part(p, out)
    if len(out) < MINIMUM_SHINGLES:
        return {"\x00" + "\n".join(normalized).lower()}
    return out


def record_of(line):
    """A JSONL line → (turns shingled: user and assistant contents, exact key: every role and normalised content)."""
    messages = json.loads(line)["messages"]
    parts = [m["content"] for m in messages if m["role"] != "system" and isinstance(m.get("content"), str)]
    key = "\x01".join(m["role"] + "\x02" + norm(str(m.get("content", ""))) for m in messages)
    return parts, key


def batches(path, size=10_000):
    """The records of a JSONL file, parsed, in lists of `size` (reading stays outside the timed work)."""
    batch = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            batch.append(record_of(line))
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def key_digest(key):
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()


def run(mode, path, threshold, flags_out):
    if mode == "datasketch":
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=threshold, num_perm=128)

        def signature(s):
            m = MinHash(num_perm=128, seed=SEED)
            m.update_batch([x.encode("utf8") for x in s])
            return m, m.hashvalues
    elif mode == "rensa":
        from rensa import RMinHash, RMinHashLSH

        lsh = RMinHashLSH(threshold=threshold, num_perm=128, num_bands=16)

        def signature(s):
            m = RMinHash(num_perm=128, seed=SEED)
            m.update(list(s))
            return m, m.digest()
    else:
        sys.exit(f"unknown mode {mode}")
    with open(path, "rb") as f:
        n = sum(1 for _ in f)
    stored = np.empty((n, 128), dtype=np.uint32)  # pages are touched only as rows are written
    line_of = np.empty(n, dtype=np.int64)  # stored row → its 1-based line
    pairs = []  # (flagged line, line of the stored record it matched) of the near duplicates
    kept = 0
    seen = set()
    flagged = []
    near = 0
    i = 0
    shingle_s = lsh_s = 0.0
    cpu = 0.0
    for batch in batches(path):
        c0 = time.process_time()
        for parts, key in batch:
            i += 1
            t0 = time.perf_counter()
            digest = key_digest(key)
            if digest in seen:
                flagged.append(i)
                shingle_s += time.perf_counter() - t0
                continue
            seen.add(digest)
            s = shingles(parts)
            t1 = time.perf_counter()
            m, values = signature(s)
            row = np.asarray(values, dtype=np.uint32)
            candidates = list(lsh.query(m))
            hits = (np.count_nonzero(stored[candidates] == row, axis=1) / 128 >= threshold) if candidates else []
            if np.any(hits):
                flagged.append(i)
                near += 1
                pairs.append((i, int(line_of[min(c for c, h in zip(candidates, hits) if h)])))
            else:
                stored[kept] = row
                line_of[kept] = i
                lsh.insert(kept, m)
                kept += 1
            t2 = time.perf_counter()
            shingle_s += t1 - t0
            lsh_s += t2 - t1
        cpu += time.process_time() - c0
    wall = shingle_s + lsh_s
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{mode}: {n} records, {len(flagged)} flagged ({near} near), shingling {shingle_s:.1f}s, "
          f"MinHash+LSH {lsh_s:.1f}s, {n / wall / 1e3:.1f}k records/s wall, {cpu:.1f} s CPU "
          f"({n / cpu / 1e3:.1f}k records per CPU second), peak {peak:.0f} MB")
    if flags_out:
        with open(flags_out, "w") as f:
            f.write("".join(f"{i}\n" for i in flagged))
        with open(flags_out.replace("flags_", "pairs_"), "w") as f:
            f.write("".join(f"{i} {j}\n" for i, j in pairs))


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 0.8,
        sys.argv[4] if len(sys.argv) > 4 else None)
