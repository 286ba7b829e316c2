"""Makes the sample product photos with Pillow (run once; the files are committed).

  python3 make_photos.py
Five small pictures of the kinds shops have: a phone photo stored sideways with EXIF orientation 6, a PNG
cut-out with transparency, a CMYK JPEG from a print catalogue, a large 2400x1800 photo, and a plain JPEG.
"""
from PIL import Image, ImageDraw

def product(size, body, accent, label):
    im = Image.new("RGB", size, (236, 238, 240))
    d = ImageDraw.Draw(im)
    w, h = size
    d.rounded_rectangle([w * 0.25, h * 0.15, w * 0.75, h * 0.85], radius=int(min(w, h) * 0.06), fill=body)
    d.ellipse([w * 0.42, h * 0.22, w * 0.58, h * 0.38], fill=accent)
    d.rectangle([w * 0.3, h * 0.7, w * 0.7, h * 0.78], fill=accent)
    d.text((w * 0.05, h * 0.9), label, fill=(40, 40, 40))
    return im

upright = product((480, 640), (30, 90, 200), (250, 200, 40), "kettle")
sideways = upright.transpose(Image.Transpose.ROTATE_90)  # as the sensor stored it
exif = Image.Exif(); exif[0x0112] = 6
sideways.save("photos/kettle.jpg", quality=80, exif=exif)

cut = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
ImageDraw.Draw(cut).ellipse([60, 60, 340, 340], fill=(200, 40, 60, 255))
ImageDraw.Draw(cut).ellipse([150, 150, 250, 250], fill=(255, 255, 255, 128))
cut.save("photos/mug.png")

product((500, 500), (20, 140, 90), (240, 240, 240), "lamp").convert("CMYK").save("photos/lamp.jpg", quality=80)
product((2400, 1800), (120, 60, 30), (220, 180, 120), "sofa").save("photos/sofa.jpg", quality=70)
product((600, 600), (90, 90, 90), (255, 120, 0), "speaker").save("photos/speaker.jpg", quality=80)
