"""Makes sample.csv and tools.json: 100 calls from an online shop assistant's API log — the customer's request,
the function called, its arguments (JSON), the result the service returned (JSON) and the reply sent — and the
definitions of the three functions, written by Python's csv and json modules (UTF-8).
Run from this folder: python3 make_sample.py"""
import csv, json, random

random.seed(5)
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都"]
SKUS = {"SKU-1001": "蓝牙耳机", "SKU-1002": "电热水壶", "SKU-1003": "机械键盘", "SKU-1004": "保温杯", "SKU-1005": "运动鞋"}
TOOLS = [
    {"type": "function", "function": {"name": "query_order", "description": "按订单号查询订单状态",
     "parameters": {"type": "object", "properties": {"order_id": {"type": "string", "description": "12 位订单号"}},
                    "required": ["order_id"]}}},
    {"type": "function", "function": {"name": "query_logistics", "description": "按快递单号查询物流轨迹",
     "parameters": {"type": "object", "properties": {"tracking_no": {"type": "string", "description": "快递单号"}},
                    "required": ["tracking_no"]}}},
    {"type": "function", "function": {"name": "check_stock", "description": "查询某城市仓库的商品库存",
     "parameters": {"type": "object", "properties": {"sku": {"type": "string", "description": "商品货号"},
                                                     "city": {"type": "string", "description": "城市"}},
                    "required": ["sku", "city"]}}},
]

def dumps(value):
    return json.dumps(value, ensure_ascii=False)

rows = []
for number in range(100):
    kind = random.choice(["query_order", "query_logistics", "check_stock"])
    if kind == "query_order":
        order = "".join(random.choice("0123456789") for _ in range(12))
        status = random.choice(["待发货", "已发货", "已签收", "退款中"])
        request = random.choice(["帮我查一下订单{o}到哪一步了", "订单{o}现在什么状态？", "我的订单{o}发货了吗"]).format(o=order)
        arguments = {"order_id": order}
        result = {"order_id": order, "status": status, "updated": f"2024-06-{random.randint(1, 28):02d}"}
        reply = f"您的订单 {order} 当前状态为“{status}”，更新于 {result['updated']}。"
    elif kind == "query_logistics":
        tracking = "SF" + "".join(random.choice("0123456789") for _ in range(10))
        city = random.choice(CITIES)
        request = random.choice(["快递单号{t}到哪了？", "帮忙查下{t}的物流", "{t}这个快递怎么还没到"]).format(t=tracking)
        arguments = {"tracking_no": tracking}
        result = {"tracking_no": tracking, "last_event": f"快件已到达【{city}转运中心】", "eta": "预计明天送达"}
        reply = f"快递 {tracking} 最新状态：快件已到达{city}转运中心，预计明天送达。"
    else:
        sku = random.choice(sorted(SKUS))
        city = random.choice(CITIES)
        stock = random.choice([0, 3, 12, 58, 240])
        request = random.choice(["{c}仓还有{n}吗？", "{n}在{c}有货吗", "想买{n}，{c}能发货吗？"]).format(c=city, n=SKUS[sku])
        arguments = {"sku": sku, "city": city}
        result = {"sku": sku, "city": city, "stock": stock}
        reply = (f"{city}仓的{SKUS[sku]}目前有 {stock} 件现货，下单后当天发出。" if stock
                 else f"抱歉，{city}仓的{SKUS[sku]}暂时缺货，可以为您登记到货提醒。")
    rows.append([f"2024-06-{random.randint(1, 28):02d} {random.randint(8, 22):02d}:{random.randint(0, 59):02d}",
                 request, kind, dumps(arguments), dumps(result), reply])

with open("sample.csv", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["时间", "用户请求", "调用函数", "调用参数", "返回结果", "最终回复"])
    writer.writerows(rows)
with open("tools.json", "w", encoding="utf-8") as out:
    json.dump(TOOLS, out, ensure_ascii=False, indent=2)
    out.write("\n")
