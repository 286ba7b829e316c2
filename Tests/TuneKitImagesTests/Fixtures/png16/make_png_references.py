"""Makes the 16-bit PNG (and one 8-bit) and LUT-profile JPEG fixtures of this folder that are not PngSuite's, and for every fixture
a reference decode: 8-bit sRGB, transparency flattened onto white, written as `NAME.ref.png` (plain RGB, no chunks).

The references are made without TuneKit: pypng reads the 16-bit samples (tRNS as alpha), and the colour chunks are
honoured in the PNG specification's order:
- iCCP: the profile's own tags evaluated in floating point (tone curves `curv`/`para` to linear light, the XYZ
  colorants to sRGB's, relative to D50 as in LittleCMS's sRGB profile, then the sRGB curve; gray: `kTRC` to Y, Y
  to sRGB). Pillow's ImageCms (LittleCMS) profileToProfile to its built-in sRGB profile (perceptual, Pillow's
  default) is the cross-check (and the reference for a lookup-table profile): it takes 8-bit samples only, which puts it up to 4 levels (P3) and 9 levels
  (a linear gray profile, near black) from the exact values, so the script asserts p99 <= 1 and max <= 9 between
  the two and keeps the exact one;
- sRGB, or no colour chunk: the samples are sRGB values;
- gAMA (and cHRM): linear light = sample ** (1 / gamma), through the 3x3 matrix from the cHRM primaries to sRGB's
  (both with a D65 white here), then the sRGB curve. A gamma of 0.45-0.46 with sRGB primaries is sRGB (libpng's
  tolerance).
Transparency is flattened after the conversion (value * alpha + white * (1 - alpha)), as viewers composite.
JPEGs: Pillow decodes, ImageCms converts the embedded profile (perceptual).

Run from anywhere (Pillow 13 with LittleCMS 2.19, pypng 0.20220715, numpy):
    python3 -m venv /tmp/v && /tmp/v/bin/pip install pillow pypng numpy
    /tmp/v/bin/python Tests/TuneKitImagesTests/Fixtures/png16/make_png_references.py
It asserts that every fixture is under 100 KB and prints, per fixture, how far the stored values (read as sRGB) are
from the reference: the fixtures are chosen so that ignoring their colour information is visibly wrong.
"""
import io
import os
import struct
import zlib

import numpy as np
import png
from PIL import Image, ImageCms

HERE = os.path.dirname(os.path.abspath(__file__))
PROFILES = os.path.join(HERE, "profiles")
SIZE = 32


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def chunks(data):
    offset = 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        yield kind, data[offset + 8:offset + 8 + length]
        offset += 12 + length


def iccp(profile):
    return chunk(b"iCCP", b"ICC profile\0\0" + zlib.compress(profile, 9))


def gama(gamma):
    return chunk(b"gAMA", struct.pack(">I", round(gamma * 100000)))


def chrm(values):
    return chunk(b"cHRM", struct.pack(">8I", *(round(v * 100000) for v in values)))


def srgb_chunk():
    return chunk(b"sRGB", b"\0")


def profile(name):
    with open(os.path.join(PROFILES, name), "rb") as handle:
        return handle.read()


def write_png16(name, planes, extra, interlace=False, bitdepth=16):
    """A SIZE x SIZE 16-bit (or `bitdepth`) PNG from pypng, with `extra` chunks spliced in after IHDR."""
    height, width, count = planes.shape
    writer = png.Writer(width, height, greyscale=count < 3, alpha=count in (2, 4), bitdepth=bitdepth, interlace=interlace)
    out = io.BytesIO()
    writer.write(out, planes.reshape(height, width * count).tolist())
    data = out.getvalue()
    ihdr_end = 8 + 12 + 13
    data = data[:ihdr_end] + b"".join(extra) + data[ihdr_end:]
    with open(os.path.join(HERE, name), "wb") as handle:
        handle.write(data)


def content(colour, alpha):
    """Ramps over the whole 16-bit range: red across, green down, blue the other diagonal; gray a diagonal ramp;
    alpha from opaque (left) to clear (right) in the lower half only."""
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.int64)
    top = SIZE - 1
    if colour:
        planes = [x * 65535 // top, y * 65535 // top, (2 * top - x - y) * 65535 // (2 * top)]
    else:
        planes = [(x + y) * 65535 // (2 * top)]
    if alpha:
        planes.append(np.where(y < SIZE // 2, 65535, (top - x) * 65535 // top))
    return np.stack(planes, axis=-1).astype(np.int64)


P3 = [0.3127, 0.3290, 0.680, 0.320, 0.265, 0.690, 0.150, 0.060]
SRGB_XY = [0.3127, 0.3290, 0.64, 0.33, 0.30, 0.60, 0.15, 0.06]


def make_fixtures():
    srgb = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # LittleCMS stamps its profiles with the time they were made: a fixed date (and no profile ID) keeps the
    # fixture the same on every run.
    srgb[24:36] = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
    srgb[84:100] = bytes(16)
    srgb = bytes(srgb)
    p3 = profile("DisplayP3.icc")
    write_png16("rgb16-p3-icc.png", content(True, False), [iccp(p3)])
    # As editors write it: the profile, and gAMA/cHRM saying roughly the same for readers without ICC support.
    write_png16("rgba16-p3-icc-interlaced.png", content(True, True), [gama(1 / 2.2), chrm(P3), iccp(p3)], interlace=True)
    # Contradicting chunks: the profile governs, gAMA 1.0 must be ignored.
    write_png16("rgba16-srgb-icc-gama1.png", content(True, True), [gama(1.0), iccp(srgb)])
    write_png16("rgb16-lut-icc.png", content(True, False), [iccp(profile("sRGB_v4_ICC_preference.icc"))])
    write_png16("gray16-linear-icc.png", content(False, False), [iccp(profile("Gray.icc"))])
    write_png16("ga16-sgrey-icc-interlaced.png", content(False, True), [iccp(profile("sGrey-v2-nano.icc"))], interlace=True)
    write_png16("rgb16-gama1-chrm-p3.png", content(True, False), [gama(1.0), chrm(P3)])
    # 8 bits: the same precedence (libpng's simplified API would apply gAMA, and the profile would come on top).
    write_png16("rgb8-p3-icc-gama1.png", content(True, False) // 257, [gama(1.0), iccp(p3)], bitdepth=8)
    write_png16("gray8-linear-icc.png", content(False, False) // 257, [iccp(profile("Gray.icc"))], bitdepth=8)
    write_png16("rgb16-srgb-chunk-interlaced.png", content(True, False), [srgb_chunk(), gama(1 / 2.2)], interlace=True)
    # An 8-bit JPEG carrying the ICC's sRGB v4 preference profile (lookup tables only: mAB/mBA, no matrix):
    # sRGB ramps converted into it by LittleCMS, so that passing its values through unconverted is visibly off.
    y, x = np.mgrid[0:64, 0:64]
    picture = np.stack([x * 4, y * 4, (126 - x - y) * 2], axis=-1).clip(0, 255).astype(np.uint8)
    lut = ImageCms.ImageCmsProfile(io.BytesIO(profile("sRGB_v4_ICC_preference.icc")))
    stored = ImageCms.profileToProfile(Image.fromarray(picture, "RGB"), ImageCms.createProfile("sRGB"), lut,
                                       renderingIntent=ImageCms.Intent.PERCEPTUAL)
    stored.save(os.path.join(HERE, "lut-srgb-v4.jpg"), quality=95, subsampling=0,
                icc_profile=profile("sRGB_v4_ICC_preference.icc"))


def srgb_encode(linear):
    linear = np.clip(linear, 0, 1)
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * np.power(linear, 1 / 2.4) - 0.055)


def rgb_to_xyz(xy):
    wx, wy, rx, ry, gx, gy, bx, by = xy
    columns = np.array([[x / y, 1, (1 - x - y) / y] for x, y in ((rx, ry), (gx, gy), (bx, by))]).T
    white = np.array([wx / wy, 1, (1 - wx - wy) / wy])
    return columns * np.linalg.solve(columns, white)


def tags(icc):
    count = struct.unpack(">I", icc[128:132])[0]
    found = {}
    for index in range(count):
        signature, offset, length = struct.unpack(">4sII", icc[132 + 12 * index:144 + 12 * index])
        found[signature] = icc[offset:offset + length]
    return found


def s15(data):
    return struct.unpack(">i", data)[0] / 65536


def curve(tag, values):
    """An ICC tone curve (curv or para) applied to encoded values 0..1."""
    if tag[:4] == b"curv":
        count = struct.unpack(">I", tag[8:12])[0]
        if count == 0:
            return values
        if count == 1:
            return np.power(values, struct.unpack(">H", tag[12:14])[0] / 256)
        table = np.array(struct.unpack(f">{count}H", tag[12:12 + 2 * count])) / 65535
        return np.interp(values, np.linspace(0, 1, count), table)
    kind = struct.unpack(">H", tag[8:10])[0]
    p = [s15(tag[12 + 4 * i:16 + 4 * i]) for i in range([1, 3, 4, 5, 7][kind])] + [0] * 7
    g, a, b, c, d, e, f = p[:7]
    if kind == 0:
        return np.power(values, g)
    if kind == 3:
        return np.where(values >= d, np.power(np.clip(a * values + b, 0, None), g), c * values)
    if kind == 4:
        return np.where(values >= d, np.power(np.clip(a * values + b, 0, None), g) + e, c * values + f)
    raise ValueError(f"para type {kind}")


def colorants(found):
    return np.array([[s15(found[k][8 + 4 * i:12 + 4 * i]) for i in range(3)] for k in (b"rXYZ", b"gXYZ", b"bXYZ")]).T


SRGB_D50 = colorants(tags(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()))


def exact_profile_to_srgb(icc, colour):
    """A matrix/TRC or gray-TRC profile's encoded values (0..1) as sRGB values (0..1), in floating point."""
    found = tags(icc)
    if colour.shape[-1] == 1:
        # Gray: kTRC gives the luminance Y relative to white; on the sRGB side that is R = G = B = Y, encoded.
        return np.repeat(srgb_encode(curve(found[b"kTRC"], colour[..., 0]))[..., None], 3, axis=-1)
    linear = np.stack([curve(found[k], colour[..., i]) for i, k in enumerate((b"rTRC", b"gTRC", b"bTRC"))], axis=-1)
    return srgb_encode(linear @ (np.linalg.inv(SRGB_D50) @ colorants(found)).T)


def reference_png(path):
    data = open(path, "rb").read()
    found = dict(chunks(data))
    width, height, rows, info = png.Reader(bytes=data).asDirect()
    planes = info["planes"]
    samples = np.array([list(row) for row in rows], dtype=np.float64).reshape(height, width, planes)
    scale = 2 ** info["bitdepth"] - 1
    colour_planes = 1 if info["greyscale"] else 3
    colour = samples[..., :colour_planes] / scale
    alpha = samples[..., colour_planes] / scale if info["alpha"] else np.ones((height, width))
    gamma = struct.unpack(">I", found[b"gAMA"])[0] / 100000 if b"gAMA" in found else None
    primaries = [v / 100000 for v in struct.unpack(">8I", found[b"cHRM"])] if b"cHRM" in found else None
    if b"iCCP" in found:
        body = found[b"iCCP"]
        icc = zlib.decompress(body[body.index(b"\0") + 2:])
        mode = "L" if colour_planes == 1 else "RGB"
        eight = np.rint(colour * 255).astype(np.uint8)
        image = Image.fromarray(eight[..., 0] if mode == "L" else eight, mode)
        converted = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                              ImageCms.createProfile("sRGB"), outputMode="RGB",
                                              renderingIntent=ImageCms.Intent.PERCEPTUAL)
        littlecms = np.asarray(converted, dtype=np.float64)
        if b"A2B0" in tags(icc):
            rgb = littlecms / 255  # a lookup-table profile: LittleCMS is the reference
        else:
            rgb = exact_profile_to_srgb(icc, colour)
            away = np.abs(littlecms - np.rint(rgb * 255))
            assert np.percentile(away, 99) <= 1 and away.max() <= 9, (path, away.max())
    else:
        rgb = np.repeat(colour, 3, axis=-1) if colour_planes == 1 else colour
        srgb_like = primaries is None or max(abs(a - b) for a, b in zip(primaries, SRGB_XY)) <= 0.01
        if b"sRGB" not in found and (gamma is not None or primaries is not None) and \
                not (srgb_like and gamma is not None and 0.45 <= gamma <= 0.46):
            linear = np.power(rgb, 1 / (gamma or 1 / 2.2))
            if not srgb_like and colour_planes == 3:
                matrix = np.linalg.inv(rgb_to_xyz(SRGB_XY)) @ rgb_to_xyz(primaries)
                linear = linear @ matrix.T
            rgb = srgb_encode(linear)
    def flatten(values):
        return np.rint((values * alpha[..., None] + (1 - alpha[..., None])) * 255).astype(np.uint8)
    stored = np.repeat(colour, 3, axis=-1) if colour_planes == 1 else colour
    return flatten(rgb), flatten(stored)


def reference_jpeg(path):
    image = Image.open(path)
    icc = image.info["icc_profile"]
    converted = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), ImageCms.createProfile("sRGB"),
                                          renderingIntent=ImageCms.Intent.PERCEPTUAL)
    return np.asarray(converted), np.asarray(image)


def main():
    make_fixtures()
    names = sorted(n for n in os.listdir(HERE) if n.endswith((".png", ".jpg")) and ".ref." not in n)
    for name in names:
        path = os.path.join(HERE, name)
        assert os.path.getsize(path) < 100_000, name
        reference, stored = (reference_jpeg if name.endswith(".jpg") else reference_png)(path)
        Image.fromarray(reference, "RGB").save(os.path.join(HERE, name.rsplit(".", 1)[0] + ".ref.png"))
        away = int(np.abs(stored.astype(int) - reference.astype(int)).max())
        print(f"{name:36} {os.path.getsize(path):6} B  stored values (as sRGB) vs reference: max {away}")


if __name__ == "__main__":
    main()
