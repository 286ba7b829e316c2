# Writes conflicts.csv with Python's csv module (UTF-8, CRLF): questions asked twice with different answers,
# an exact repeat, and the same answer with other white space and half-width punctuation.
import csv

rows = [
    ["问题", "答案"],
    ["退货要多久？", "7 个工作日内退款。"],
    ["怎么付款？", "支持支付宝。"],
    ["退货要多久？", " 7  个工作日内退款。 "],
    ["退货要多久?", "15 天。"],
    ["怎么付款？", "支持微信。"],
    ["发票怎么开？", "在订单页申请，\n一般当天开出。"],
    ["怎么付款？", "支持银行卡。"],
    ["退货要多久？", "7 个工作日内退款。"],
]
with open("conflicts.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows(rows)
