#!/usr/bin/env python3
"""Builds the tokenizer cross-check fixture with OpenAI's tiktoken (pip install tiktoken regex).

ranks.tiktoken  a rank file in tiktoken's format (base64 token, space, rank): the 256 bytes, then merges learned
                by plain byte-pair training on the texts below, pre-tokenised with GLM-4's pattern.
cases.jsonl     {"text": ..., "ids": [...]} per text: the ids tiktoken.Encoding gives with those ranks and GLM-4's
                pat_str (THUDM/GLM-4, tokenization_chatglm.py) — what TuneKit's Tokenizer must reproduce.

Run from the package root: python3 Tests/TuneKitTests/Fixtures/tokenizer/make_fixture.py
"""
import base64, collections, json, os, sys
import regex
import tiktoken

PAT = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = ["Converters/customer-service-faq/sample.csv", "Converters/customer-service-transcript/sample.txt", "README.md"]
MERGES = 1500

texts = []
for path in SOURCES:
    with open(path, encoding="utf-8-sig") as f:
        texts += [line for line in f.read().split("\n") if line.strip()]
texts += [
    "Hello world", "don't DON'T we'll I'd they're you've I'M", "12345 1,234.5 3.14159 ２０２４年", "a  b\tc\u3000d",
    "a\n\nb", "a \n b", "x   ", "   \n\n   hi", "你好，世界！", "价格：100元（含税）", "!!!\n\nok", "\tfoo", " ?",
    "emoji 😀👍🏽 and é (e\u0301) ſt", "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"北京\\\"}\"}",
    "line one\r\nline two\r\n", "    indented code();\n\treturn x<=y && z!=0;", "١٢٣٤ ⅫⅢ ½", "\u00a0nbsp\u2028sep",
]

words = collections.Counter()
for text in texts:
    for piece in regex.findall(PAT, text):
        words[tuple(bytes([b]) for b in piece.encode("utf-8"))] += 1

ranks = {bytes([b]): b for b in range(256)}
for _ in range(MERGES):
    pairs = collections.Counter()
    for word, freq in words.items():
        for a, b in zip(word, word[1:]):
            pairs[(a, b)] += freq
    if not pairs:
        break
    (a, b), _count = max(pairs.items(), key=lambda item: (item[1], item[0]))
    merged = a + b
    if merged not in ranks:
        ranks[merged] = len(ranks)
    updated = collections.Counter()
    for word, freq in words.items():
        out, i = [], 0
        while i < len(word):
            if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                out.append(merged); i += 2
            else:
                out.append(word[i]); i += 1
        updated[tuple(out)] += freq
    words = updated

with open(os.path.join(HERE, "ranks.tiktoken"), "w") as f:
    for token, rank in sorted(ranks.items(), key=lambda item: item[1]):
        f.write(base64.b64encode(token).decode() + " " + str(rank) + "\n")

encoding = tiktoken.Encoding(name="fixture", pat_str=PAT, mergeable_ranks=ranks, special_tokens={})
with open(os.path.join(HERE, "cases.jsonl"), "w") as f:
    for text in texts[:400] + texts[-19:]:
        f.write(json.dumps({"text": text, "ids": encoding.encode_ordinary(text)}, ensure_ascii=False) + "\n")
print(len(ranks), "ranks;", "tiktoken", tiktoken.__version__, file=sys.stderr)
