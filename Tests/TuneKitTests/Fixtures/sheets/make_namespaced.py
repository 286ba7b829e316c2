#!/usr/bin/env python3
"""Writes two XLSX packages by hand from the OOXML specification (ECMA-376 / ISO/IEC 29500), for what no
program here writes: `prefixed-parts.xlsx` (every SpreadsheetML element with an `x:` prefix, as the .NET
OpenXML SDK writes them, the workbook part at `spreadsheet/book.xml` found through `_rels/.rels`, and
extension elements that share main local names) and `strict.xlsx` (Strict OOXML namespaces and relationship
types, an ISO 8601 `t="d"` cell). Run `python3 make_namespaced.py` in the folder to write."""
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

def write(name, parts):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        for path, text in parts:
            info = zipfile.ZipInfo(path, date_time=(2024, 3, 5, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, HEAD + text)

def content_types(workbook, sheet, strings, styles):
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{workbook}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/{sheet}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            f'<Override PartName="/{strings}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            f'<Override PartName="/{styles}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '</Types>')

# 1. Prefixed parts, relocated workbook, extension elements.
prefixed = [
    ("[Content_Types].xml", content_types("spreadsheet/book.xml", "spreadsheet/sheets/data.xml",
                                          "spreadsheet/strings.xml", "spreadsheet/styles.xml")),
    ("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                    f'Type="{REL}/officeDocument" Target="spreadsheet/book.xml"/></Relationships>'),
    ("spreadsheet/_rels/book.xml.rels",
     f'<Relationships xmlns="{PKG}">'
     f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="sheets/data.xml"/>'
     f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="strings.xml"/>'
     f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/></Relationships>'),
    ("spreadsheet/book.xml",
     f'<x:workbook xmlns:x="{MAIN}" xmlns:r="{REL}" xmlns:x15="{X15}">'
     '<x:workbookPr/><x:sheets><x:sheet name="客服" sheetId="1" r:id="rId1"/></x:sheets>'
     f'<x:extLst><x:ext uri="{{140A7094-0E35-4892-8432-C4D2E57EDEB5}}"><x15:workbookPr chartTrackingRefBase="1"/></x:ext></x:extLst>'
     '</x:workbook>'),
    ("spreadsheet/strings.xml",
     f'<x:sst xmlns:x="{MAIN}" count="6" uniqueCount="6">'
     '<x:si><x:t>类别</x:t></x:si><x:si><x:t>问题</x:t></x:si><x:si><x:t>答案</x:t></x:si>'
     '<x:si><x:t>订单</x:t></x:si><x:si><x:t>怎么查物流？</x:t></x:si><x:si><x:t>订单页点击「物流」。</x:t></x:si>'
     '<x:si><x:t>多久发货？</x:t></x:si><x:si><x:t>48 小时内。</x:t></x:si></x:sst>'),
    ("spreadsheet/styles.xml",
     f'<x:styleSheet xmlns:x="{MAIN}"><x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="00000"/></x:numFmts>'
     '<x:cellXfs count="2"><x:xf numFmtId="0"/><x:xf numFmtId="164" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>'),
    ("spreadsheet/sheets/data.xml",
     f'<x:worksheet xmlns:x="{MAIN}" xmlns:x14="{X14}"><x:dimension ref="A1:D3"/><x:sheetData>'
     '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
     '<x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>邮编</x:t></x:is></x:c></x:row>'
     '<x:row r="2"><x:c r="A2" t="s"><x:v>3</x:v></x:c><x:c r="B2" t="s"><x:v>4</x:v></x:c>'
     '<x:c r="C2" t="s"><x:v>5</x:v></x:c><x:c r="D2" s="1"><x:v>1</x:v></x:c></x:row>'
     '<x:row r="3"><x:c r="B3" t="s"><x:v>6</x:v></x:c><x:c r="C3" t="s"><x:v>7</x:v></x:c>'
     '<x:c r="D3" s="1"><x:v>2045</x:v></x:c></x:row>'
     '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A2:A3"/></x:mergeCells>'
     # An extension element with a main local name must not be read as one.
     f'<x:extLst><x:ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}"><x14:conditionalFormattings>'
     '<x14:mergeCell ref="C3:E3"/></x14:conditionalFormattings></x:ext></x:extLst>'
     '</x:worksheet>'),
]
write("prefixed-parts.xlsx", prefixed)

# 2. Strict OOXML.
strict = [
    ("[Content_Types].xml", content_types("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml")),
    ("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                    f'Type="{STRICT_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    ("xl/_rels/workbook.xml.rels",
     f'<Relationships xmlns="{PKG}">'
     f'<Relationship Id="rId1" Type="{STRICT_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
     f'<Relationship Id="rId2" Type="{STRICT_REL}/sharedStrings" Target="sharedStrings.xml"/>'
     f'<Relationship Id="rId3" Type="{STRICT_REL}/styles" Target="styles.xml"/></Relationships>'),
    ("xl/workbook.xml",
     f'<workbook xmlns="{STRICT_MAIN}" xmlns:r="{STRICT_REL}" conformance="strict">'
     '<workbookPr date1904="1"/><sheets><sheet name="Strict" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ("xl/sharedStrings.xml",
     f'<sst xmlns="{STRICT_MAIN}" count="5" uniqueCount="5"><si><t>问题</t></si><si><t>答案</t></si>'
     '<si><t>日期</t></si><si><t>什么时候上线？</t></si><si><t>已经上线。</t></si></sst>'),
    ("xl/styles.xml",
     f'<styleSheet xmlns="{STRICT_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
     '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'),
    ("xl/worksheets/sheet1.xml",
     f'<worksheet xmlns="{STRICT_MAIN}"><dimension ref="A1:D3"/><sheetData>'
     '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
     '<c r="D1" t="inlineStr"><is><t>序号</t></is></c></row>'
     # C2: a serial in the 1904 date system; C3: an ISO 8601 date cell (t="d").
     '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" s="1"><v>43894</v></c><c r="D2"><v>0.1</v></c></row>'
     '<row r="3"><c r="A3" t="inlineStr"><is><t>几点开门？</t></is></c><c r="B3" t="inlineStr"><is><t>九点。</t></is></c>'
     '<c r="C3" s="1" t="d"><v>2024-03-06T00:00:00Z</v></c><c r="D3"><v>2</v></c></row>'
     '</sheetData><mergeCells count="1"><mergeCell ref="D3:D3"/></mergeCells></worksheet>'),
]
write("strict.xlsx", strict)
