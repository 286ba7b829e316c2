#!/usr/bin/env python3
"""Writes a large, valid fine-tuning JSONL file for benchmarking `tunekit validate` and its Python peer
(check_jsonl.py).

    gen_jsonl.py OUT [--format chat|tools] [--mb 1000] [--csv CSV] [--seed 42]

chat:  one `{"messages":[system, user, assistant]}` line per row of the CSV (columns
       system,user,assistant), written with orjson (non-ASCII kept raw), reading the CSV again from the
       top as often as needed until the file reaches --mb megabytes (10^6 bytes).
tools: lines in the exact shape of shared/formats/examples/tools.jsonl (system, user, an assistant turn
       with one tool call, the tool result, the assistant answer; then the "tools" definitions), with
       the user question, the call arguments and the tool result taken from the CSV text, and one of a
       few tool definitions chosen per line.

The output is deterministic: the same CSV, format, size and seed always give the same bytes. Every line
passes check_jsonl.py with the matching --format (the file-level warnings/errors about size aside).
"""

import argparse
import csv
import random
import string
import sys

import orjson

DEFAULT_CSV = "/tmp/perfpeers/data/chat_1m.csv"
ID_ALPHABET = string.ascii_letters + string.digits


def rows(path):
    """Yields (system, user, assistant) forever, starting the CSV again at its end."""
    while True:
        produced = False
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                break
            for row in reader:
                if len(row) < 3:
                    continue
                system, user, assistant = row[0], row[1], row[2]
                if not user.strip() or not assistant.strip():
                    continue  # would not be a valid line
                produced = True
                yield system, user, assistant
        if not produced:
            break
    raise SystemExit(f"{path}: no usable rows (need columns system,user,assistant)")


def chat_line(system, user, assistant, _rng):
    messages = []
    if system.strip():
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": user})
    messages.append({"role": "assistant", "content": assistant})
    return {"messages": messages}


# A few tool definitions; each line offers one or two of them and calls one.
TOOLS = [
    {"type": "function", "function": {
        "name": "search_knowledge_base",
        "description": "Search the company knowledge base for passages relevant to a question",
        "parameters": {"type": "object", "properties": {
            "query": {"type": "string", "description": "The search query"},
            "top_k": {"type": "integer", "description": "How many passages to return"}},
            "required": ["query"]}}},
    {"type": "function", "function": {
        "name": "get_order_status",
        "description": "查询订单的物流与付款状态",
        "parameters": {"type": "object", "properties": {
            "order_id": {"type": "string", "description": "订单号"},
            "include_history": {"type": "boolean", "description": "是否返回历史记录"}},
            "required": ["order_id"]}}},
    {"type": "function", "function": {
        "name": "lookup_policy",
        "description": "Look up a section of the store policy (returns, warranty, invoices, points)",
        "parameters": {"type": "object", "properties": {
            "topic": {"type": "string", "enum": ["returns", "warranty", "invoice", "points", "shipping"]},
            "language": {"type": "string", "description": "zh or en"}},
            "required": ["topic"]}}},
    {"type": "function", "function": {
        "name": "create_ticket",
        "description": "Open a customer-service ticket with a short summary",
        "parameters": {"type": "object", "properties": {
            "summary": {"type": "string", "description": "One-line summary of the problem"},
            "priority": {"type": "string", "enum": ["low", "normal", "high"]}},
            "required": ["summary"]}}},
]
TOPICS = ["returns", "warranty", "invoice", "points", "shipping"]


def is_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def tools_line(system, user, assistant, rng):
    index = rng.randrange(len(TOOLS))
    tool = TOOLS[index]
    name = tool["function"]["name"]
    if name == "search_knowledge_base":
        args = {"query": user[:80], "top_k": rng.randint(1, 5)}
    elif name == "get_order_status":
        args = {"order_id": f"SO{rng.randrange(10**8):08d}"}
        if rng.random() < 0.5:
            args["include_history"] = rng.random() < 0.5
    elif name == "lookup_policy":
        args = {"topic": rng.choice(TOPICS), "language": "zh" if is_chinese(user) else "en"}
    else:
        args = {"summary": user[:60], "priority": rng.choice(("low", "normal", "high"))}
    result = {"status": "ok", "result": assistant}
    call_id = "".join(rng.choice(ID_ALPHABET) for _ in range(9))
    # One or two definitions offered, the called one always among them.
    offered = [tool]
    if rng.random() < 0.5:
        other = TOOLS[(index + rng.randrange(1, len(TOOLS))) % len(TOOLS)]
        offered.insert(rng.randrange(2), other)
    return {
        "messages": [
            {"role": "system", "content": system or "You are a helpful assistant with access to the following "
                                                   "functions to help the user. You can use the functions if needed."},
            {"role": "user", "content": user},
            {"role": "assistant", "tool_calls": [{"id": call_id, "type": "function", "function": {
                "name": name, "arguments": orjson.dumps(args).decode()}}]},
            {"role": "tool", "content": orjson.dumps(result).decode(), "tool_call_id": call_id},
            {"role": "assistant", "content": assistant},
        ],
        "tools": offered,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write a large valid fine-tuning JSONL file for benchmarks.")
    parser.add_argument("out")
    parser.add_argument("--format", choices=("chat", "tools"), default="chat")
    parser.add_argument("--mb", type=float, default=1000, help="target size in MB (10^6 bytes); default 1000")
    parser.add_argument("--csv", default=DEFAULT_CSV, help=f"source rows (default {DEFAULT_CSV})")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    target = int(args.mb * 1_000_000)
    make = chat_line if args.format == "chat" else tools_line
    rng = random.Random(args.seed)
    dumps = orjson.dumps
    written = 0
    lines = 0
    with open(args.out, "wb", buffering=1 << 20) as out:
        for system, user, assistant in rows(args.csv):
            if written >= target:
                break
            data = dumps(make(system, user, assistant, rng)) + b"\n"
            out.write(data)
            written += len(data)
            lines += 1
    print(f"{args.out}: {lines} lines, {written / 1e6:.1f} MB ({args.format})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
