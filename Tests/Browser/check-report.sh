#!/usr/bin/env bash
# Opens an output folder's report.html in headless Chromium and checks it the way a reader sees it:
# the page renders, every number carrying a data-key equals the value at that path of report.json, and a
# picture dataset shows thumbnails. Then takes a screenshot.
#
#   Tests/Browser/check-report.sh OUT [SCREENSHOT.png]      (default screenshot: OUT/report.png)
#
# Needs chromium (Debian: apt-get install chromium) and python3. Exit 0 checked; 1 a mismatch; 2 usage.
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1/report.html" ] || [ ! -f "$1/report.json" ]; then
  echo "usage: $0 OUTPUT-FOLDER [SCREENSHOT.png]  (the folder needs report.html and report.json)" >&2
  exit 2
fi
out=$(cd "$1" && pwd)
shot=${2:-$out/report.png}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile")

"$browser" "${flags[@]}" --dump-dom "file://$out/report.html" > "$profile/dom.html" 2> "$profile/chromium.log"

python3 - "$out/report.json" "$profile/dom.html" <<'PY'
import html.parser, json, sys
from decimal import Decimal

report = json.load(open(sys.argv[1], encoding="utf-8"), parse_float=Decimal)
dom = open(sys.argv[2], encoding="utf-8").read()

class Keys(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.open, self.found, self.images, self.sections = [], [], 0, set()
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and (attrs.get("src") or "").startswith("data:image/jpeg;base64,"):
            self.images += 1
        if tag == "section" and attrs.get("id"):
            self.sections.add(attrs["id"])
        self.open.append((tag, attrs.get("data-key"), []))
    def handle_data(self, data):
        for _, key, text in self.open:
            if key is not None:
                text.append(data)
    def handle_endtag(self, tag):
        while self.open:
            name, key, text = self.open.pop()
            if key is not None:
                self.found.append((key, "".join(text)))
            if name == tag:
                break

def segments(path):
    parts, current, escaped = [], "", False
    for ch in path:
        if escaped: current += ch; escaped = False
        elif ch == "\\": escaped = True
        elif ch == ".": parts.append(current); current = ""
        else: current += ch
    return parts + [current]

def lookup(path):
    value = report
    for part in segments(path):
        if isinstance(value, dict) and part in value: value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value): value = value[int(part)]
        else: raise KeyError(path)
    return value

def number(value):
    if isinstance(value, bool): raise ValueError("a boolean")
    return Decimal(str(value))

parser = Keys()
parser.feed(dom)
bad = 0
for key, text in parser.found:
    try:
        expected = number(lookup(key))
        shown = text.strip().replace(",", "")
        got = Decimal(shown[:-1].strip()) / 100 if shown.endswith("%") else Decimal(shown)
        if got != expected:
            raise ValueError(f"shows {text!r}, report.json has {expected}")
    except Exception as error:
        bad += 1
        print(f"mismatch: data-key={key!r}: {error}", file=sys.stderr)
if not parser.found or "outcomes" not in parser.sections:
    print("the page rendered no counts (no data-key numbers or no outcomes section)", file=sys.stderr)
    bad += 1
pictures = report.get("format") in ("vision", "image-gen") and report.get("options", {}).get("image_mode") == "base64"
if pictures and parser.images == 0:
    print("a picture dataset with no thumbnails", file=sys.stderr)
    bad += 1
print(f"report.html: {len(parser.found)} numbers checked against report.json ({bad} problems), "
      f"{len(parser.sections)} sections, {parser.images} thumbnails")
sys.exit(1 if bad else 0)
PY

"$browser" "${flags[@]}" --window-size=1280,2400 --screenshot="$shot" "file://$out/report.html" 2>> "$profile/chromium.log"
echo "screenshot: $shot"
