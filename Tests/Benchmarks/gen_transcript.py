#!/usr/bin/env python3
"""Writes a large customer-service transcript for the chat-log benchmark.

  python gen_transcript.py OUT.txt SIZE_MB

Sessions of 2-8 messages between customers and agents, `[YYYY-MM-DD HH:MM:SS] name：text` lines, a silence
of 40+ minutes between sessions, some continuation lines and placeholders, varied text (few duplicates)."""
import datetime
import random
import sys

out, size = sys.argv[1], int(sys.argv[2]) * 1_000_000
rng = random.Random(42)
words = ("订单 物流 退款 发票 地址 优惠券 积分 会员 快递 售后 换货 尺码 颜色 库存 价格 发货 签收 客服 "
         "invoice refund order shipping address coupon size colour stock price").split()
agents = ["客服小美", "客服阿杰", "售后-王工", "Agent Lin"]
START = datetime.datetime(2022, 1, 1)
clock = 0
written = 0
with open(out, "w", encoding="utf-8") as f:
    while written < size:
        user = f"顾客{rng.randint(1, 99999)}"
        agent = rng.choice(agents)
        lines = []
        for turn in range(rng.randint(1, 4)):
            for who in (user, agent):
                clock += rng.randint(5, 120)
                when = START + datetime.timedelta(seconds=clock)
                stamp = when.strftime("%Y-%m-%d %H:%M:%S")
                text = "".join(rng.choice(words) + ("，" if rng.random() < 0.2 else "") for _ in range(rng.randint(4, 30)))
                lines.append(f"[{stamp}] {who}：{text}")
                if rng.random() < 0.1:
                    lines.append("补充说明：" + "".join(rng.choice(words) for _ in range(8)))
                if who == user and rng.random() < 0.05:
                    lines.append(f"[{stamp}] {who}：[图片]")
        block = "\n".join(lines) + "\n\n"
        f.write(block)
        written += len(block.encode())
        clock += rng.randint(40, 600) * 60
