"""Writes the Excel text-export fixtures with Python's csv and codecs modules (run from this folder).

excel-unicode-text.txt  Excel's "Unicode text": UTF-16 LE with a byte-order mark, tab-separated, CRLF.
excel-unicode-text.csv  the same table as a UTF-8 CSV (comma, CRLF).
excel-sep-semicolon.csv the same table with Excel's "sep=;" first line and semicolons.
"""
import csv

ROWS = [
    ["类别", "问题", "答案"],
    ["账户", "如何修改密码？", "在“我的-设置-安全”中点击“修改密码”。"],
    ["账户", "忘记密码怎么办", "点击登录页的“忘记密码”，按短信验证码重设。"],
    ["物流", "多久发货？", "付款后 48 小时内发货，节假日顺延。"],
    ["物流", "可以指定快递吗", "默认顺丰；如需其他快递，请在备注里写明, 我们尽量安排。"],
    ["售后", "How do I return an item?", "Open the order, choose \"Return\", and print the label.\nDrop it at any post office."],
    ["售后", "退货运费谁出？", "质量问题由我们承担；无理由退货运费由买家承担。"],
    ["账户", "如何修改密码？", "在“我的-设置-安全”中点击“修改密码”。"],
    ["支付", "支持花呗吗", ""],
    ["支付", "Can I pay by card?", "Yes: Visa, Mastercard and UnionPay; the amount is held until shipping."],
    ["", "", ""],
    ["发票", "能开专票吗", "可以，请在订单详情页提交税号；3 个工作日内寄出。", "多余的一列"],
    ["发票", "电子发票在哪里下载？", "订单详情 → 发票 → 下载 PDF。"],
    ["物流", "多久发货?", "付款后 48 小时内发货, 节假日顺延."],
]

with open("excel-unicode-text.txt", "w", encoding="utf-16", newline="") as f:
    csv.writer(f, delimiter="\t", lineterminator="\r\n").writerows(ROWS)
with open("excel-unicode-text.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(ROWS)
with open("excel-sep-semicolon.csv", "w", encoding="utf-8", newline="") as f:
    f.write("sep=;\r\n")
    csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(ROWS)
