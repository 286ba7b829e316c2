"""Makes catalogue.xlsx: a product catalogue workbook as a shop's merchandiser keeps it — one sheet 商品 with the
SKU, name, category, a product photo placed over the 图片 cell of its row (openpyxl's oneCellAnchor, as Excel's
Insert → Picture leaves it), a customer's question, the answer, and a prompt for drawing the product — 40 rows,
pictures drawn with Pillow (256 × 256 PNG). Both product-workbook recipes read it.
Run from this folder: python3 make_sample.py  (openpyxl 3.1.5, Pillow)"""
import io
from openpyxl import Workbook
from openpyxl.drawing.image import Image
from PIL import Image as PILImage, ImageDraw

COLOURS = [("红色", (200, 40, 40)), ("蓝色", (40, 80, 200)), ("绿色", (40, 150, 70)), ("黄色", (230, 190, 30)),
           ("黑色", (30, 30, 30))]
# name, category, shape, question, answer (with {c} the colour), selling point
PRODUCTS = [
    ("陶瓷马克杯", "餐厨", "mug", "这个杯子是什么颜色的？容量多大？", "这是一只{c}陶瓷马克杯，容量 350 毫升，带把手，可用于微波炉和洗碗机。"),
    ("折叠雨伞", "日用", "umbrella", "这把伞打开有多大？", "这是一把{c}三折晴雨伞，打开直径约 98 厘米，八根伞骨，防晒涂层。"),
    ("帆布托特包", "箱包", "bag", "这个包能装下笔记本电脑吗？", "这是一只{c}帆布托特包，宽 40 厘米，能放下 14 英寸笔记本电脑，内有拉链小袋。"),
    ("护眼台灯", "灯具", "lamp", "这盏台灯是什么样子的？", "这是一盏{c}护眼台灯，圆形灯罩、可调节灯臂，三档色温，USB 供电。"),
    ("运动水壶", "户外", "bottle", "这个水壶保温吗？", "这是一只{c}不锈钢运动水壶，双层真空保温，保温 12 小时，容量 750 毫升。"),
    ("靠垫抱枕", "家纺", "cushion", "抱枕多大，能拆洗吗？", "这是一个{c}方形靠垫抱枕，45 × 45 厘米，外套带隐形拉链可拆洗。"),
    ("便携音箱", "数码", "speaker", "这个音箱能连手机吗？", "这是一台{c}便携蓝牙音箱，支持蓝牙 5.3，续航约 10 小时，IPX5 防水。"),
    ("收纳盒", "日用", "box", "收纳盒有盖子吗？", "这是一只{c}塑料收纳盒，带翻盖，容量 20 升，可叠放。"),
]


def draw(shape, colour):
    picture = PILImage.new("RGB", (256, 256), (250, 250, 250))
    pen = ImageDraw.Draw(picture)
    if shape == "mug":
        pen.rectangle((70, 70, 170, 200), fill=colour)
        pen.ellipse((160, 100, 215, 170), outline=colour, width=12)
    elif shape == "umbrella":
        pen.pieslice((30, 40, 226, 200), 180, 360, fill=colour)
        pen.line((128, 120, 128, 220), fill=(60, 60, 60), width=6)
        pen.arc((110, 200, 140, 235), 0, 180, fill=(60, 60, 60), width=6)
    elif shape == "bag":
        pen.rectangle((60, 100, 196, 220), fill=colour)
        pen.arc((85, 50, 171, 140), 180, 360, fill=colour, width=10)
    elif shape == "lamp":
        pen.polygon([(80, 60), (176, 60), (200, 120), (56, 120)], fill=colour)
        pen.line((128, 120, 128, 210), fill=(80, 80, 80), width=8)
        pen.rectangle((88, 210, 168, 225), fill=(80, 80, 80))
    elif shape == "bottle":
        pen.rounded_rectangle((95, 70, 161, 225), radius=20, fill=colour)
        pen.rectangle((110, 40, 146, 70), fill=(90, 90, 90))
    elif shape == "cushion":
        pen.rounded_rectangle((50, 60, 206, 200), radius=30, fill=colour)
    elif shape == "speaker":
        pen.rounded_rectangle((60, 80, 196, 180), radius=25, fill=colour)
        pen.ellipse((100, 105, 156, 160), fill=(220, 220, 220))
    else:
        pen.rectangle((50, 100, 206, 210), fill=colour)
        pen.rectangle((45, 85, 211, 105), fill=tuple(max(0, c - 40) for c in colour))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


wb = Workbook()
ws = wb.active
ws.title = "商品"
ws.append(["货号", "名称", "类目", "图片", "顾客问题", "商品介绍", "生图提示"])
ws.column_dimensions["D"].width = 16
row = 2
for index, (name, category, shape, question, answer) in enumerate(PRODUCTS):
    for number, (colour_name, colour) in enumerate(COLOURS):
        ws.append([f"SP-{index + 1:02d}{number + 1:02d}", colour_name + name, category, None, question,
                   answer.format(c=colour_name),
                   f"电商商品主图：一件{colour_name}{name}，浅灰白色背景，正面视角，扁平插画风格，居中构图"])
        picture = Image(io.BytesIO(draw(shape, colour)))
        picture.width = picture.height = 96
        ws.add_image(picture, f"D{row}")
        ws.row_dimensions[row].height = 75
        row += 1
wb.save("catalogue.xlsx")
