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

Timings exclude reading the file (the documents are loaded first); CPU seconds are process_time (the machine
may be shared). FLAGS_OUT gets the 1-based line numbers of the
flagged records (exact and near), one a line, for the recall/precision comparison. Peak memory: ru_maxrss.
"""
import json
import re
import resource
import sys
import time
import unicodedata

mode = sys.argv[1]
path = sys.argv[2]
threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.8
flags_out = sys.argv[4] if len(sys.argv) > 4 else None
MINIMUM_SHINGLES = 4
SEED = int(__import__("os").environ.get("SEED", "1"))
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


def load(path):
    docs, keys = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            messages = json.loads(line)["messages"]
            parts = [m["content"] for m in messages if m["role"] != "system" and isinstance(m.get("content"), str)]
            docs.append(parts)
            keys.append("\x01".join(m["role"] + "\x02" + norm(str(m.get("content", ""))) for m in messages))
    return docs, keys


docs, keys = load(path)
n = len(docs)
flagged = []
t0 = time.perf_counter()
c0 = time.process_time()
seen = set()
sets = []
for i, (parts, key) in enumerate(zip(docs, keys)):
    if key in seen:
        flagged.append(i + 1)
        sets.append(None)
    else:
        seen.add(key)
        sets.append(shingles(parts))
t1 = time.perf_counter()

near = 0


def flag_near(lsh, make):
    """Flags each set similar (verified Jaccard) to an earlier stored one; stores the others."""
    global near
    stored = {}
    for i, s in enumerate(sets):
        if s is None:
            continue
        m = make(s)
        if any(m.jaccard(stored[c]) >= threshold for c in lsh.query(m)):
            flagged.append(i + 1)
            near += 1
        else:
            lsh.insert(i, m)
            stored[i] = m


if mode == "datasketch":
    from datasketch import MinHash, MinHashLSH

    def make_datasketch(s):
        m = MinHash(num_perm=128, seed=SEED)
        m.update_batch([x.encode("utf8") for x in s])
        return m

    flag_near(MinHashLSH(threshold=threshold, num_perm=128), make_datasketch)
elif mode == "rensa":
    from rensa import RMinHash, RMinHashLSH

    def make_rensa(s):
        m = RMinHash(num_perm=128, seed=SEED)
        m.update(list(s))
        return m

    flag_near(RMinHashLSH(threshold=threshold, num_perm=128, num_bands=16), make_rensa)
else:
    sys.exit(f"unknown mode {mode}")
t2 = time.perf_counter()
c2 = time.process_time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{mode}: {n} records, {len(flagged)} flagged ({near} near), shingling {t1 - t0:.1f}s, "
      f"MinHash+LSH {t2 - t1:.1f}s, {n / (t2 - t0) / 1e3:.1f}k records/s wall, {c2 - c0:.1f} s CPU "
      f"({n / (c2 - c0) / 1e3:.1f}k records per CPU second), peak {peak:.0f} MB")
if flags_out:
    with open(flags_out, "w") as f:
        f.write("".join(f"{i}\n" for i in sorted(flagged)))
