"""Makes the catalogue workbooks of this folder (see README.md). Run from this folder:
python3 make_fixtures.py  (openpyxl 3.1.5, Pillow; LibreOffice for the .ods, run separately, see README)."""
import io, re, zipfile
from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.drawing.spreadsheet_drawing import AbsoluteAnchor
from openpyxl.drawing.xdr import XDRPoint2D, XDRPositiveSize2D
from PIL import Image as PILImage

# Row → (product, question, answer, colour of its picture or None).
ROWS = [
    ("保温杯", "这个杯子是什么颜色？", "红色。", (220, 20, 20)),
    ("帆布包", "这个包是什么颜色？", "绿色。", (20, 200, 20)),
    ("雨伞", "这把伞是什么颜色？", "蓝色。", (20, 20, 220)),
    ("礼品卡", "礼品卡有有效期吗？", "三年有效。", None),
    ("台灯", "这盏灯是什么颜色？", "黄色。", (230, 230, 20)),
    ("围巾", "这条围巾是什么颜色？", "紫色。", (200, 20, 200)),
]
LOGO = (20, 200, 200)  # a floating logo (absoluteAnchor): belongs to no row


def png(colour, size=24):
    out = io.BytesIO()
    PILImage.new("RGB", (size, size), colour).save(out, "PNG")
    return out.getvalue()


def base_workbook():
    wb = Workbook()
    ws = wb.active
    ws.title = "商品"
    ws.append(["产品", "问题", "答案", "图片"])
    for product, question, answer, _ in ROWS:
        ws.append([product, question, answer])
    return wb, ws


def drawings():
    wb, ws = base_workbook()
    # Added bottom row first, so that the drawing's order (and the media numbers) run against the rows.
    for row, (_, _, _, colour) in reversed(list(enumerate(ROWS, start=2))):
        if colour:
            ws.add_image(Image(io.BytesIO(png(colour))), f"D{row}")
    logo = Image(io.BytesIO(png(LOGO)))
    logo.anchor = AbsoluteAnchor(pos=XDRPoint2D(6000000, 100000), ext=XDRPositiveSize2D(228600, 228600))
    ws.add_image(logo)
    wb.save("catalogue-drawings.xlsx")


def rewrite(source, target, change):
    """Copies a zip, passing each entry's bytes through change(name, bytes) -> bytes or None (drop); change.extra
    adds entries."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data)
        for name, data in change.extra.items():
            zout.writestr(name, data)


def cell_xml(sheet, row, inner):
    return re.sub(rf'(<row r="{row}"[^>]*>.*?)(</row>)', lambda m: m.group(1) + inner + m.group(2), sheet, flags=re.S)


def plain_base():
    wb, _ = base_workbook()
    wb.save("/tmp/catalogue-plain.xlsx")
    return "/tmp/catalogue-plain.xlsx"


def wps_cellimages():
    """WPS's layout: =DISPIMG cells (formula _xlfn.DISPIMG and its cached text), xl/cellimages.xml, its rels."""
    pictures, images, rels = {}, [], []
    for row, (_, _, _, colour) in enumerate(ROWS, start=2):
        if colour:
            ident = "ID_%032X" % (0xC0FFEE0000 + row)
            number = len(images) + 1
            pictures[row] = ident
            images.append(f'<etc:cellImage><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="{number + 1}" name="{ident}" descr="{row}"/>'
                          '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>'
                          f'<xdr:blipFill><a:blip r:embed="rId{number}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
                          '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="228600" cy="228600"/></a:xfrm>'
                          '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic></etc:cellImage>')
            rels.append(f'<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
                        f'Target="media/image{number}.png"/>')
    def change(name, data):
        text = data.decode()
        if name == "xl/worksheets/sheet1.xml":
            for row, ident in pictures.items():
                text = cell_xml(text, row, f'<c r="D{row}" t="str"><f>_xlfn.DISPIMG("{ident}",1)</f><v>=DISPIMG("{ident}",1)</v></c>')
            return text.encode()
        if name == "[Content_Types].xml":
            return text.replace("</Types>", '<Default Extension="png" ContentType="image/png"/>'
                                '<Override PartName="/xl/cellimages.xml" ContentType="application/vnd.wps-officedocument.cellimage+xml"/></Types>').encode()
        if name == "xl/_rels/workbook.xml.rels":
            return text.replace("</Relationships>", '<Relationship Id="rIdCellImages" Type="http://www.wps.cn/officeDocument/2020/cellImage" '
                                'Target="cellimages.xml"/></Relationships>').encode()
        return data
    change.extra = {
        "xl/cellimages.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<etc:cellImages '
            'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData">' + "".join(images) + "</etc:cellImages>",
        "xl/_rels/cellimages.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>",
    }
    number = 0
    for row, (_, _, _, colour) in enumerate(ROWS, start=2):
        if colour:
            number += 1
            change.extra[f"xl/media/image{number}.png"] = png(colour)
    rewrite(plain_base(), "catalogue-wps.xlsx", change)


def rich_values():
    """Excel 365 "Place in Cell": error cells with vm, metadata.xml, xl/richData/* (as Excel writes them, cf.
    calamine's tests/pictures_in_cell_and_over_cell.xlsx). Every indirection is permuted, so a reader that skips one
    (or takes one index for another) puts pictures in the wrong rows."""
    rows = [row for row, (_, _, _, colour) in enumerate(ROWS, start=2) if colour]
    count = len(rows)
    # The cell of rows[i] has vm = i + 1 → valueMetadata block i → futureMetadata block (count - 1 - i) → its
    # rvb names rich value (count - i) % count → which holds relation i → image(i + 1): each step permuted.
    values, relations, relation_targets, blocks, future = [], [], [], [], []
    for k in range(count):
        values.append(f'<rv s="0"><v>{(count - k) % count}</v><v>5</v></rv>')
    for j in range(count):
        relations.append(f'<rel r:id="rId{j + 1}"/>')
        relation_targets.append(f'<Relationship Id="rId{j + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/image{j + 1}.png"/>')
    for i in range(count):
        blocks.append(f'<bk><rc t="1" v="{count - 1 - i}"/></bk>')
    for k in range(count):
        future.append('<bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}">'
                      f'<xlrd:rvb i="{(k + 1) % count}"/></ext></extLst></bk>')
    def change(name, data):
        text = data.decode()
        if name == "xl/worksheets/sheet1.xml":
            for i, row in enumerate(rows):
                text = cell_xml(text, row, f'<c r="D{row}" t="e" vm="{i + 1}"><v>#VALUE!</v></c>')
            return text.encode()
        if name == "[Content_Types].xml":
            return text.replace("</Types>", '<Default Extension="png" ContentType="image/png"/>'
                '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/>'
                '<Override PartName="/xl/richData/rdrichvalue.xml" ContentType="application/vnd.ms-excel.rdrichvalue+xml"/>'
                '<Override PartName="/xl/richData/rdrichvaluestructure.xml" ContentType="application/vnd.ms-excel.rdrichvaluestructure+xml"/>'
                '<Override PartName="/xl/richData/richValueRel.xml" ContentType="application/vnd.ms-excel.richvaluerel+xml"/></Types>').encode()
        if name == "xl/_rels/workbook.xml.rels":
            return text.replace("</Relationships>",
                '<Relationship Id="rIdMeta" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/>'
                '<Relationship Id="rIdRv" Type="http://schemas.microsoft.com/office/2017/06/relationships/rdRichValue" Target="richData/rdrichvalue.xml"/>'
                '<Relationship Id="rIdRvs" Type="http://schemas.microsoft.com/office/2017/06/relationships/rdRichValueStructure" Target="richData/rdrichvaluestructure.xml"/>'
                '<Relationship Id="rIdRvr" Type="http://schemas.microsoft.com/office/2022/10/relationships/richValueRel" Target="richData/richValueRel.xml"/>'
                "</Relationships>").encode()
        return data
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    change.extra = {
        "xl/metadata.xml": head + '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:xlrd="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata"><metadataTypes count="1">'
            '<metadataType name="XLRICHVALUE" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" '
            'splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1"/></metadataTypes>'
            f'<futureMetadata name="XLRICHVALUE" count="{count}">' + "".join(future) + '</futureMetadata>'
            f'<valueMetadata count="{count}">' + "".join(blocks) + "</valueMetadata></metadata>",
        "xl/richData/rdrichvalue.xml": head + '<rvData xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" '
            f'count="{count}">' + "".join(values) + "</rvData>",
        "xl/richData/rdrichvaluestructure.xml": head + '<rvStructures xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" '
            'count="1"><s t="_localImage"><k n="_rvRel:LocalImageIdentifier" t="i"/><k n="CalcOrigin" t="i"/></s></rvStructures>',
        "xl/richData/richValueRel.xml": head + '<richValueRels xmlns="http://schemas.microsoft.com/office/spreadsheetml/2022/richvaluerel" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' + "".join(relations) + "</richValueRels>",
        "xl/richData/_rels/richValueRel.xml.rels": head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(relation_targets) + "</Relationships>",
    }
    for i, row in enumerate(rows):
        change.extra[f"xl/media/image{i + 1}.png"] = png(ROWS[row - 2][3])
    rewrite(plain_base(), "catalogue-richvalue.xlsx", change)


def merged():
    """One product, two questions: the product name and the picture in cells merged over both rows (A2:A3, D2:D3);
    the next product has one row and its own picture."""
    wb = Workbook()
    ws = wb.active
    ws.title = "商品"
    ws.append(["产品", "问题", "答案", "图片"])
    ws.append(["保温杯", "这个杯子是什么颜色？", "红色。"])
    ws.append([None, "这个杯子能装热水吗？", "能，保温 12 小时。"])
    ws.append(["帆布包", "这个包是什么颜色？", "绿色。"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("D2:D3")
    ws.add_image(Image(io.BytesIO(png((220, 20, 20)))), "D2")
    ws.add_image(Image(io.BytesIO(png((20, 200, 20)))), "D4")
    wb.save("catalogue-merged.xlsx")


if __name__ == "__main__":
    merged()
    drawings()
    wps_cellimages()
    rich_values()
