#!/usr/bin/env python3
"""Python peer of `tunekit convert --from transcript`: the same rules in the straightforward Python way
(a regex per line, sessions at a 30-minute gap, roles from names, placeholders dropped, turns merged, a
leading assistant and trailing user turn trimmed, one JSON line per session).

  python transcript_to_chat.py IN.txt OUT.jsonl"""
import datetime
import json
import re
import sys

LINE = re.compile(r"^\[(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\] ([^:：]{1,40})[:：](.*)$")
AGENT = re.compile(r"客服|坐席|售后|助手|agent|support", re.I)
PLACEHOLDERS = {"[图片]", "[语音]", "[视频]", "<Media omitted>"}


def sessions(path):
    session, last = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = LINE.match(line)
            if not m:
                if line.strip() and session:
                    session[-1][1] += "\n" + line.strip()
                continue
            t = datetime.datetime(*map(int, m.groups()[:6])).timestamp()
            if last is not None and t - last > 1800 and session:
                yield session
                session = []
            last = t
            session.append([m.group(7).strip(), m.group(8).strip()])
    if session:
        yield session


def shape(session):
    turns = []
    for speaker, text in session:
        if not text or text in PLACEHOLDERS:
            continue
        role = "assistant" if AGENT.search(speaker) else "user"
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"] += "\n" + text
        else:
            turns.append({"role": role, "content": text})
    while turns and turns[0]["role"] == "assistant":
        turns.pop(0)
    if turns and turns[-1]["role"] == "user":
        turns.pop()
    return turns


with open(sys.argv[2], "w", encoding="utf-8") as out:
    for s in sessions(sys.argv[1]):
        turns = shape(s)
        if turns:
            out.write(json.dumps({"messages": turns}, ensure_ascii=False) + "\n")
