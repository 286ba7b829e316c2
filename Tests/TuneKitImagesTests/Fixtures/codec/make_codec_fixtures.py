"""Makes the damaged files of this folder (Pillow 13.0.0 encodes, a few bytes of Python damage them).

made-cut-eoi.jpg          the scan cut at 60 % and an EOI marker written after the cut (libjpeg: "premature end
                          of data segment", JWRN_HIT_MARKER)
made-rst-wrong.jpg        the second restart marker renumbered RST1 -> RST5 (libjpeg: "found marker 0xd5 instead
                          of RST1", JWRN_MUST_RESYNC)
made-extra-before-eoi.jpg three zero bytes inserted before the EOI marker (libjpeg: "2 extraneous bytes before
                          marker 0xd9", JWRN_EXTRANEOUS_DATA after the scan)
"""
import re

from PIL import Image

picture = Image.linear_gradient("L").resize((64, 48)).convert("RGB")
picture.save("made.jpg", quality=90)
picture.save("made-rst.jpg", quality=90, restart_marker_blocks=4)

plain = bytearray(open("made.jpg", "rb").read())
sos = plain.index(b"\xff\xda")
start = sos + 2 + (plain[sos + 2] << 8 | plain[sos + 3])
cut = start + (len(plain) - start) * 6 // 10
open("made-cut-eoi.jpg", "wb").write(plain[:cut] + b"\xff\xd9")
open("made-extra-before-eoi.jpg", "wb").write(plain[:-2] + b"\x00\x00\x00" + plain[-2:])

restarts = bytearray(open("made-rst.jpg", "rb").read())
sos = restarts.index(b"\xff\xda")
markers = [m.start() for m in re.finditer(rb"\xff[\xd0-\xd7]", bytes(restarts[sos:]))]
restarts[sos + markers[1] + 1] = 0xD5
open("made-rst-wrong.jpg", "wb").write(restarts)

# made-16bit-text-crc.png: PngSuite's basn2c16.png (the copy in ../png16/) with a tEXt chunk whose CRC is wrong
# inserted after IHDR: libpng skips the chunk and warns ("tEXt: CRC error"); 16-bit files go through its row API.
import struct
import zlib

png = open("../png16/basn2c16.png", "rb").read()
ihdr_end = 8 + 12 + struct.unpack(">I", png[8:12])[0]
body = b"tEXt" + b"Comment\x00damaged on purpose"
crc = (zlib.crc32(body) ^ 0xFFFFFFFF) & 0xFFFFFFFF
chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", crc)
open("made-16bit-text-crc.png", "wb").write(png[:ihdr_end] + chunk + png[ihdr_end:])
