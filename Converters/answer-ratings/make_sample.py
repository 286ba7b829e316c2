"""Makes sample.csv: 120 answer ratings from a customer-service quality review — for each customer question the
answer the reviewers rated better and the one they rated worse — in the columns preference datasets use
(prompt, chosen, rejected), written by Python's csv module (UTF-8). Run from this folder: python3 make_sample.py"""
import csv, random

random.seed(21)
PRODUCTS = ["空气净化器", "电动牙刷", "智能手表", "加湿器", "电饭煲", "吸尘器", "投影仪", "按摩椅"]
CASES = [
    ("{p}的滤网多久换一次？",
     "建议每 3–6 个月更换一次{p}滤网；若所在城市空气污染较重或机器提示灯亮起，请提前更换。滤网可在本店搜索“{p}滤网”购买。",
     ["看情况吧。", "滤网不用换。", "这个我也不清楚，您看说明书。", "随便什么时候换都行。"]),
    ("{p}保修期多长？",
     "{p}整机保修一年，主要部件保修两年，自签收之日起计算。保修期内非人为损坏可免费维修，请保留购物凭证。",
     ["有保修。", "坏了再说。", "保修的事情问厂家。", "一般都能修。"]),
    ("{p}下单后多久能到？",
     "现货{p}在下单后 24 小时内发货，江浙沪一般次日送达，其他地区 2–4 天。发货后可在订单详情查看物流。",
     ["很快的。", "不知道，看快递。", "过几天就到了。", "发货了会通知。"]),
    ("{p}可以七天无理由退货吗？",
     "可以。{p}在签收后 7 天内、商品及配件完好且不影响二次销售的情况下支持无理由退货，退回运费由您承担；质量问题运费由我们承担。",
     ["不行。", "拆封了就不能退。", "您自己看规则。", "可以吧。"]),
    ("{p}开不了机怎么办？",
     "请先确认{p}电源已接好、插座有电，并长按电源键 5 秒重启。若仍无法开机，请提供订单号和故障视频，我们为您安排售后检测或换新。",
     ["重启一下。", "可能坏了。", "找售后。", "您是不是没充电？"]),
]
rows = []
seen = set()
while len(rows) < 120:
    product = random.choice(PRODUCTS)
    question, good, bad = random.choice(CASES)
    prompt = question.format(p=product)
    if prompt in seen:
        prompt = random.choice(["您好，", "请问，", "咨询一下，", "麻烦问下，"]) + prompt
        if prompt in seen:
            continue
    seen.add(prompt)
    rows.append([prompt, good.format(p=product), random.choice(bad)])

with open("sample.csv", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["prompt", "chosen", "rejected"])
    writer.writerows(rows)
