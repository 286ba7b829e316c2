#!/usr/bin/env python3
"""Writes values.fods by hand (ODF 1.2 flat XML) and has LibreOffice save it as .ods, .xlsx, Excel 2003 XML
and .fods: run `python3 make_values.py` in an empty folder with `soffice` on the PATH."""
import subprocess, shutil, os

# (case, value-type, value attributes, display text, cell style, formula)
ROWS = [
    ("text", "string", {}, "订单 00123", None, None),
    ("integer as text", "string", {}, "00123", None, None),
    ("no decimals shown", "float", {"office:value": "12345.6789"}, "12346", "ce_n0", None),
    ("two decimals", "float", {"office:value": "3.1"}, "3.10", "ce_n2", None),
    ("thousands", "float", {"office:value": "1234.5"}, "1,234.50", "ce_th", None),
    ("postcode", "float", {"office:value": "1"}, "00001", "ce_z5", None),
    ("staff id", "float", {"office:value": "42"}, "ID00042", "ce_id", None),
    ("phone", "float", {"office:value": "123456"}, "012-3456", "ce_ph", None),
    ("percent", "percentage", {"office:value": "0.09"}, "9%", "ce_p0", None),
    ("percent one decimal", "percentage", {"office:value": "0.125"}, "12.5%", "ce_p1", None),
    ("date", "date", {"office:date-value": "2024-03-05"}, "2024-03-05", "ce_d", None),
    ("date and time", "date", {"office:date-value": "2024-03-05T13:45:00"}, "2024-03-05 13:45:00", "ce_dt", None),
    ("time", "time", {"office:time-value": "PT13H45M00S"}, "13:45:00", "ce_t", None),
    ("duration", "time", {"office:time-value": "PT255H10M10S"}, "255:10:10", "ce_dur", None),
    ("division by zero", "float", {"office:value": "0"}, "#DIV/0!", None, "of:=1/0"),
    ("not available", "float", {"office:value": "0"}, "#N/A", None, "of:=NA()"),
    ("boolean", "boolean", {"office:boolean-value": "true"}, "TRUE", "ce_b", None),
    ("negative", "float", {"office:value": "-2.5"}, "-2.5", None, None),
    ("float noise", "float", {"office:value": "0.3"}, "0.3", None, "of:=0.1+0.2"),
]

STYLES = """
  <number:number-style style:name="N0"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/></number:number-style>
  <number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style>
  <number:number-style style:name="NTH"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
  <number:number-style style:name="NZ5"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="5"/></number:number-style>
  <number:number-style style:name="NID"><number:text>ID</number:text><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="5"/></number:number-style>
  <number:number-style style:name="NPH"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="7"><number:embedded-text number:position="4">-</number:embedded-text></number:number></number:number-style>
  <number:percentage-style style:name="NP0"><number:number number:decimal-places="0" number:min-decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
  <number:percentage-style style:name="NP1"><number:number number:decimal-places="1" number:min-decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
  <number:date-style style:name="ND"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
  <number:date-style style:name="NDT"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/><number:text>:</number:text><number:seconds number:style="long"/></number:date-style>
  <number:time-style style:name="NT"><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/><number:text>:</number:text><number:seconds number:style="long"/></number:time-style>
  <number:time-style style:name="NDUR" number:truncate-on-overflow="false"><number:hours/><number:text>:</number:text><number:minutes number:style="long"/><number:text>:</number:text><number:seconds number:style="long"/></number:time-style>
  <number:boolean-style style:name="NB"><number:boolean/></number:boolean-style>
"""
CELL_STYLES = {"ce_n0": "N0", "ce_n2": "N2", "ce_th": "NTH", "ce_z5": "NZ5", "ce_id": "NID", "ce_ph": "NPH",
               "ce_p0": "NP0", "ce_p1": "NP1", "ce_d": "ND", "ce_dt": "NDT", "ce_t": "NT", "ce_dur": "NDUR", "ce_b": "NB"}

def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

def cell(value_type, attrs, shown, style, formula):
    parts = [f'office:value-type="{value_type}"']
    if value_type == "string":
        parts.append('calcext:value-type="string"')
    parts += [f'{k}="{esc(v)}"' for k, v in attrs.items()]
    if style:
        parts.append(f'table:style-name="{style}"')
    if formula:
        parts.append(f'table:formula="{esc(formula)}"')
    return f'<table:table-cell {" ".join(parts)}><text:p>{esc(shown)}</text:p></table:table-cell>'

def document():
    rows = ['<table:table-row>' + cell("string", {}, "问题", None, None) + cell("string", {}, "答案", None, None) + '</table:table-row>']
    for case, value_type, attrs, shown, style, formula in ROWS:
        rows.append('<table:table-row>' + cell("string", {}, case, None, None)
                    + cell(value_type, attrs, shown, style, formula) + '</table:table-row>')
    cell_styles = "".join(f'<style:style style:name="{n}" style:family="table-cell" style:data-style-name="{d}"/>'
                          for n, d in CELL_STYLES.items())
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>{STYLES}{cell_styles}</office:automatic-styles>
 <office:body><office:spreadsheet><table:table table:name="值">
  <table:table-column table:number-columns-repeated="2"/>
  {"".join(rows)}
 </table:table></office:spreadsheet></office:body>
</office:document>
'''

os.makedirs("hand", exist_ok=True)
with open("hand/values.fods", "w", encoding="utf-8") as f:
    f.write(document())
for target in ["xlsx", "ods", "fods", "xml:MS Excel 2003 XML"]:
    subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", ".", "hand/values.fods"], check=True)
# LibreOffice 7.4's Excel 2003 XML filter writes "General" for every custom number format, so the
# leading-zero formats are lost in that file alone. Put back the codes Excel itself writes for them.
xml = open("values.xml", encoding="utf-8").read()
for style, code in [("ce17", "00000"), ("ce18", "&quot;ID&quot;00000"), ("ce19", "000\\-0000")]:
    before = f'<Style ss:ID="{style}"><NumberFormat ss:Format="General"/></Style>'
    assert before in xml, style
    xml = xml.replace(before, f'<Style ss:ID="{style}"><NumberFormat ss:Format="{code}"/></Style>')
open("values-2003.xml", "w", encoding="utf-8").write(xml)
os.remove("values.xml")
