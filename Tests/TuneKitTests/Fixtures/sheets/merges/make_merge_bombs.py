"""Merge ranges far larger than the sheet: an openpyxl workbook whose sheet XML gets
<mergeCell ref="B6:XFD1048576"/> (openpyxl itself would create every covered cell), and the same
merge in Excel 2003 XML (MergeAcross/MergeDown) and flat ODS (number-columns/rows-spanned)."""
import io, re, sys, zipfile
import openpyxl

out = sys.argv[1] if len(sys.argv) > 1 else "."
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "faq"
ws.append(["question", "answer"])
for i in range(1, 10):
    ws.append([f"问题 {i}?", f"回答 {i}。"])
buffer = io.BytesIO()
wb.save(buffer)
source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
with zipfile.ZipFile(f"{out}/merge-whole-sheet.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            text = data.decode()
            text = text.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="B6:XFD1048576"/></mergeCells>')
            data = text.encode()
        target.writestr(item, data)

big = ' ss:MergeAcross="16382" ss:MergeDown="1048570"'
rows = "".join(f'<Row><Cell><Data ss:Type="String">问题 {i}?</Data></Cell><Cell{big if i == 5 else ""}><Data ss:Type="String">回答 {i}。</Data></Cell></Row>' for i in range(1, 10))
open(f"{out}/merge-whole-sheet-2003.xml", "w").write(f'''<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="faq"><Table>
<Row><Cell><Data ss:Type="String">question</Data></Cell><Cell><Data ss:Type="String">answer</Data></Cell></Row>
{rows}
</Table></Worksheet></Workbook>
''')

cells = []
for i in range(1, 10):
    span = ' table:number-columns-spanned="16383" table:number-rows-spanned="1048571"' if i == 5 else ""
    cells.append(f'<table:table-row><table:table-cell office:value-type="string"><text:p>问题 {i}?</text:p></table:table-cell>'
                 f'<table:table-cell office:value-type="string"{span}><text:p>回答 {i}。</text:p></table:table-cell></table:table-row>')
open(f"{out}/merge-whole-sheet.fods", "w").write(f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="faq">
<table:table-row><table:table-cell office:value-type="string"><text:p>question</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>answer</text:p></table:table-cell></table:table-row>
{"".join(cells)}
<table:table-row table:number-rows-repeated="1048566"><table:table-cell table:number-columns-repeated="2"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document>
''')
