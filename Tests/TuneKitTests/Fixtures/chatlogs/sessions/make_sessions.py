"""Writes out-of-order-120.txt: a customer-service transcript of 120 sessions, each a different customer asking
about their own order (order 200000 + session number, named in every turn), written NOT in time order, as
customer-service tools export several days of chats sorted by agent rather than by time.

Between consecutive sessions the time goes backwards (a chat of an earlier day follows), jumps forward by hours,
or moves on by only a few minutes to another customer (no silence: only the change of customer separates them).
Some replies are several lines with a blank line and indentation; some customers send a picture ([图片]).
Deterministic (seeded): python3 make_sessions.py
"""
import datetime
import random

rng = random.Random(20240301)
surnames = "张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗"
given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
names = []
while len(names) < 120:
    name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
    if name not in names:
        names.append(name)

questions = ["我的订单 {o} 三天没动了", "订单 {o} 能改地址吗？", "请问订单 {o} 什么时候发货", "订单 {o} 想退款"]
answers = ["您好，订单 {o} 已经在路上了，预计明天送达。", "好的，订单 {o} 的地址已为您修改。",
           "订单 {o} 今天下午发出，请留意物流。", "订单 {o} 的退款已提交，1-3 个工作日到账。"]
follow = ["好的谢谢", "那运费怎么算？", "收到", "可以开发票吗？"]
closing = ["不客气，订单 {o} 有问题随时找我。", "订单 {o} 运费由我们承担。", "订单 {o} 已为您登记。",
           "订单 {o} 的发票会随包裹寄出：\n\n    抬头：个人\n    金额：以实付为准"]

day_minutes = 24 * 60
start = 20 * day_minutes + 10 * 60  # minutes after 2024-03-01 00:00
lines = []
kinds = []
for i in range(120):
    order = 200000 + i
    if i > 0:
        move = rng.choice(["back", "back", "forward", "next"])
        kinds.append(move)
        if move == "back" and start > 6 * day_minutes:
            start -= rng.randint(1, 5) * day_minutes + rng.randint(0, 600)
        elif move == "back":
            kinds[-1] = "forward"
            start += rng.randint(10, 20) * day_minutes
        elif move == "forward":
            start += rng.randint(3, 30) * 60
        else:
            start += 6  # the previous chat ended 4 minutes in; the next customer writes 2 minutes later
    t = start
    def stamp(minute):
        when = datetime.datetime(2024, 3, 1) + datetime.timedelta(minutes=minute, seconds=(i * 7) % 60)
        return when.strftime("%Y-%m-%d %H:%M:%S")
    k = i % 4
    o = str(order)
    name = names[i]
    lines.append("[%s] %s：%s" % (stamp(t), name, questions[k].format(o=o)))
    if i % 9 == 0:
        lines.append("[%s] %s：[图片]" % (stamp(t), name))
    lines.append("[%s] 客服小美：%s" % (stamp(t + 1), answers[k].format(o=o)))
    lines.append("[%s] %s：%s" % (stamp(t + 2), name, follow[k]))
    lines.append("[%s] 客服小美：%s" % (stamp(t + 4), closing[k].format(o=o)))

with open("out-of-order-120.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
print({k: kinds.count(k) for k in set(kinds)})
