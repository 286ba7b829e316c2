"""Peer for Tests/Benchmarks/workbook_to_chat.sh: lxml's iterparse (libxml2) reads the first worksheet of an
Excel 2003 XML file and orjson writes the chat lines TuneKit writes for it (`--to chat --dedup none`):
columns system, user, assistant; the system turn only when not empty. Cells are taken in order (the
benchmark file has no ss:Index gaps). Prints its own time (imports and interpreter start-up left out).

Usage: lxml2003_chat.py IN.xml OUT.jsonl
"""
import sys, time, orjson
from lxml import etree
SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
t = time.time()
header = None
with open(sys.argv[2], 'wb') as o:
    for _, row in etree.iterparse(sys.argv[1], events=("end",), tag=SS + "Row", huge_tree=True):
        values = [(data.text or "") if len(data) == 0 else "".join(data.itertext()) for data in row.iter(SS + "Data")]
        row.clear()
        if header is None:
            header = values
            continue
        s, u, a = (values + ["", "", ""])[:3]
        m = []
        if s: m.append({"role": "system", "content": s})
        m.append({"role": "user", "content": u}); m.append({"role": "assistant", "content": a})
        o.write(orjson.dumps({"messages": m}) + b"\n")
print(f"{time.time()-t:.2f}s")
