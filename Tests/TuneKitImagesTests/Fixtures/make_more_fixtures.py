"""Fixtures added after make_fixtures.py (run once; committed; see README-more.md): pictures carrying ICC colour
profiles with what LittleCMS says they look like in sRGB, and a PNG with EXIF orientation.

  apt-get download icc-profiles-free colord-data && for d in *.deb; do dpkg -x $d x; done
  /tmp/fixturevenv/bin/python make_more_fixtures.py x/usr/share/color/icc

Six sRGB patches (a 3x2 grid of 16x16 squares, 48x32) are converted by LittleCMS (Pillow's ImageCms) into
each profile's space and saved with the profile embedded. color-expected.json holds, per file, the patch
centres that LittleCMS computes when it converts the *saved file's decoded pixels* back to sRGB: what a
colour-managed viewer shows, and what TuneKitImages must produce.
"""
import io, json, sys
from PIL import Image, ImageCms

icc = sys.argv[1] if len(sys.argv) > 1 else "x/usr/share/color/icc"
PATCHES = [(220, 40, 40), (40, 170, 60), (50, 70, 200), (225, 180, 150), (128, 128, 128), (30, 60, 40)]

def patches():
    im = Image.new("RGB", (48, 32))
    for index, colour in enumerate(PATCHES):
        x, y = index % 3 * 16, index // 3 * 16
        im.paste(colour, (x, y, x + 16, y + 16))
    return im

srgb = ImageCms.createProfile("sRGB")
expected = {}
for name, path, kind in [("adobe-rgb.jpg", icc + "/compatibleWithAdobeRGB1998.icc", "JPEG"),
                         ("prophoto.png", icc + "/colord/ProPhotoRGB.icc", "PNG"),
                         ("srgb-profile.jpg", icc + "/colord/sRGB.icc", "JPEG")]:
    profile = ImageCms.getOpenProfile(path)
    converted = ImageCms.profileToProfile(patches(), srgb, profile, outputMode="RGB")
    data = open(path, "rb").read()
    if kind == "JPEG":
        converted.save(name, quality=95, subsampling=0, icc_profile=data)
    else:
        converted.save(name, icc_profile=data)
    decoded = Image.open(name).convert("RGB")
    back = ImageCms.profileToProfile(decoded, ImageCms.ImageCmsProfile(io.BytesIO(data)), srgb, outputMode="RGB")
    centres = [back.getpixel((index % 3 * 16 + 8, index // 3 * 16 + 8)) for index in range(6)]
    stored = [decoded.getpixel((index % 3 * 16 + 8, index // 3 * 16 + 8)) for index in range(6)]
    expected[name] = {"profile": path.split("/")[-1], "stored": stored, "srgb": centres}
    print(name, "stored", stored, "-> sRGB", centres)
json.dump(expected, open("color-expected.json", "w"), indent=1)

# Q (rgb8.png) stored turned a quarter, in a PNG whose eXIf chunk says orientation 6: upright it is Q again.
from PIL import ImageOps
q = Image.open("rgb8.png").convert("RGB")
exif = Image.Exif()
exif[0x0112] = 6
q.transpose(Image.Transpose.ROTATE_90).save("orient-6.png", exif=exif)
upright = ImageOps.exif_transpose(Image.open("orient-6.png")).convert("RGB")
assert upright.tobytes() == q.tobytes() and b"eXIf" in open("orient-6.png", "rb").read()
