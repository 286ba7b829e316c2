#!/usr/bin/env python3
"""Writes numbered-sheets.xlsx with openpyxl: sheets named "02", "Summary" and "Data" (in that order), each
with a 问题/答案 header, and on "Data" number formats openpyxl stores as codes (00000, 0.0%, 0.00) and a
merged range. Run with a Python that has openpyxl (3.1)."""
from openpyxl import Workbook

book = Workbook()
first = book.active
first.title = "02"
first.append(["问题", "答案"])
first.append(["这是哪个表？", "名为 02 的表（第 1 个）"])
summary = book.create_sheet("Summary")
summary.append(["问题", "答案"])
summary.append(["这是哪个表？", "Summary（第 2 个）"])
data = book.create_sheet("Data")
data.append(["问题", "答案", "编号", "比例", "金额"])
data.append(["这是哪个表？", "Data（第 3 个）", 7, 0.125, 3.1])
data.append(["合并的下一行", None, 12345, 1, 2.675])
data.merge_cells("B2:B3")
for row in (2, 3):
    data.cell(row=row, column=3).number_format = "00000"
    data.cell(row=row, column=4).number_format = "0.0%"
    data.cell(row=row, column=5).number_format = "0.00"
book.save("numbered-sheets.xlsx")
