"""long-cell-spans.ods: long-cell.ods (LibreOffice 7.4.7.2) with its cell B3 rewritten in content.xml as two
paragraphs of rich text: a text:span of 100 '答' (300 bytes), two text:s runs of 1000 spaces each, a bold span
'尾' (3 bytes), then a second paragraph 'x'. The cell reads as 300 + 2000 + 3 bytes, a newline and 'x':
2305 bytes from 280 bytes of XML. Every other zip entry is copied as it is (mimetype first, stored)."""
import re
import zipfile

source = zipfile.ZipFile("long-cell.ods")
content = source.read("content.xml").decode("utf-8")
rich = ('<text:p><text:span>' + '答' * 100 + '</text:span><text:s text:c="1000"/><text:s text:c="1000"/>'
        '<text:span text:style-name="T1">尾</text:span></text:p><text:p>x</text:p>')
content, count = re.subn(r'<text:p>(答)+</text:p>', rich, content)
assert count == 1
with zipfile.ZipFile("long-cell-spans.ods", "w") as target:
    for info in source.infolist():
        data = content.encode("utf-8") if info.filename == "content.xml" else source.read(info.filename)
        kind = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
        target.writestr(info, data, compress_type=kind)
