"""Peer for Tests/Benchmarks/workbook_to_chat.sh: python-calamine reads the first sheet of an XLSX and orjson
writes the chat lines TuneKit writes for it (`--to chat --dedup none`): columns system, user, assistant; the
system turn only when not empty. Prints its own time (imports and interpreter start-up left out).

Usage: calamine_chat.py IN.xlsx OUT.jsonl
"""
import sys, time, orjson
from python_calamine import CalamineWorkbook
t = time.time()
wb = CalamineWorkbook.from_path(sys.argv[1])
rows = wb.get_sheet_by_index(0).to_python()
it = iter(rows)
header = next(it)
with open(sys.argv[2], 'wb') as o:
    for r in it:
        s, u, a = (str(x) for x in r[:3])
        m = []
        if s: m.append({"role": "system", "content": s})
        m.append({"role": "user", "content": u}); m.append({"role": "assistant", "content": a})
        o.write(orjson.dumps({"messages": m}) + b"\n")
print(f"{time.time()-t:.2f}s")
