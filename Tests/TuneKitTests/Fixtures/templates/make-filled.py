"""Fills workbook templates written by `tunekit template` the way a person would in a spreadsheet program:
openpyxl (3.1.5) loads each, types three data rows over the example (the system prompt in the first row only)
and saves it. Run from this folder after `tunekit template tools -o tools.xlsx` and
`tunekit template vision -o vision.xlsx`; the outputs are committed, the inputs are not."""
import openpyxl

ROWS = {
    "tools": lambda n: ["你是一家网店的客服助手，可以查询订单。" if n == 1 else "", f"订单 B-{n} 到哪了？", "get_order_status",
                        '{"order_id": "B-%d"}' % n, '{"status": "shipped"}', f"订单 B-{n} 已发货。", "订单"],
    "vision": lambda n: ["你是网店的商品顾问。" if n == 1 else "", f"图 {n} 里是什么？",
                         f"https://example.com/images/item-{n}.jpg", f"这是商品 {n}。", "家电" if n == 2 else ""],
}

for name, row in ROWS.items():
    wb = openpyxl.load_workbook(f"{name}.xlsx")
    ws = wb.worksheets[0]
    ws.delete_rows(2)
    for n in (1, 2, 3):
        ws.append(row(n))
    wb.save(f"{name}-filled-openpyxl.xlsx")
