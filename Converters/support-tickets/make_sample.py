"""Makes sample.csv: 150 customer-support tickets of an online shop, each with the category an agent filed it
under, written by Python's csv module as UTF-8 with a byte-order mark (as Excel and WPS save "CSV UTF-8").
Run from this folder: python3 make_sample.py"""
import csv, random

random.seed(13)
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆"]
PRODUCTS = ["蓝牙耳机", "电热水壶", "空气炸锅", "羽绒服", "儿童书包", "机械键盘", "保温杯", "床上四件套", "扫地机器人", "运动鞋"]
TICKETS = {
    "物流配送": [
        "订单{order}已经{days}天了还没发货，什么时候能发？",
        "快递显示到{city}了但一直没有派送，麻烦催一下。",
        "我买的{product}物流三天没更新了，是不是丢件了？",
        "能不能改一下收货地址？我搬到{city}了，订单号{order}。",
        "快递员没打电话就放快递柜了，我不在{city}，怎么办？",
    ],
    "退换货": [
        "{product}尺码不合适，想换大一号，怎么操作？",
        "收到的{product}和图片颜色差太多，申请退货。",
        "七天无理由退货的运费谁出？订单{order}。",
        "退货已经寄回{days}天了，退款还没到账。",
        "{product}少发了一个配件，是补发还是退部分款？",
    ],
    "支付账单": [
        "付款的时候扣了两次钱，订单{order}，请退回多扣的。",
        "优惠券满减没生效，多付了{amount}元。",
        "花呗分期为什么选不了？买的是{product}。",
        "订单取消了但钱没退回银行卡，已经{days}天了。",
        "价保申请怎么弄？{product}降价了{amount}元。",
    ],
    "账户登录": [
        "手机号换了，登录不上账号，怎么改绑？",
        "收不到验证码，试了好几次了。",
        "账号提示存在风险被冻结了，我什么都没做。",
        "忘记支付密码了，怎么重置？",
        "我的会员积分怎么突然清零了？",
    ],
    "商品质量": [
        "{product}用了{days}天就坏了，开不了机。",
        "{product}有很大的异味，是正常的吗？",
        "收到的{product}外壳有裂纹，影响使用。",
        "{product}充不进电，换了充电线也不行。",
        "{product}洗了一次就掉色严重。",
    ],
    "发票开具": [
        "订单{order}需要开增值税专用发票，公司抬头怎么填？",
        "电子发票在哪里下载？找不到入口。",
        "发票抬头写错了，能重新开吗？",
        "买{product}能开公司的发票报销吗？",
        "发票金额和实付金额不一致，差了{amount}元。",
    ],
}

rows = []
for number in range(150):
    category = random.choice(sorted(TICKETS))
    text = random.choice(TICKETS[category]).format(
        order="".join(random.choice("0123456789") for _ in range(12)), days=random.randint(2, 15),
        city=random.choice(CITIES), product=random.choice(PRODUCTS), amount=random.randint(5, 300))
    text = random.choice(["", "你好，", "客服你好，", "在吗？", "急！", "请问", ""]) + text
    text += random.choice(["", "", "谢谢。", "麻烦尽快处理。", "等了好久了。", "今天能回复吗？", "辛苦了。"])
    rows.append([f"GD2024{number + 1:05d}", f"2024-0{random.randint(1, 9)}-{random.randint(10, 28)}", text, category])

with open("sample.csv", "w", newline="", encoding="utf-8-sig") as out:
    writer = csv.writer(out)
    writer.writerow(["工单编号", "提交日期", "客户留言", "类别"])
    writer.writerows(rows)
