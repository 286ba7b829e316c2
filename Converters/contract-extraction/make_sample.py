"""Makes sample.csv: 90 purchase-contract summaries of a procurement department with the fields a reviewer
extracted as JSON (json.dumps, ensure_ascii=False), written by Python's csv module (UTF-8). Three answers carry
the slips reviewers make when typing JSON by hand (a ```json fence, a trailing comma, single quotes): the
recipe's answer_json check rejects those rows with map.answer_not_json. Run from this folder: python3 make_sample.py"""
import csv, json, random

random.seed(7)
BUYERS = ["杭州云帆科技有限公司", "上海禾丰贸易有限公司", "深圳启明电子有限公司", "成都蜀锦餐饮管理有限公司",
          "北京恒信物业服务有限公司", "武汉长江物流有限公司", "南京紫金医疗器械有限公司", "广州南粤家居有限公司"]
SELLERS = ["苏州精工机械有限公司", "宁波海天包装材料有限公司", "东莞华达五金制品厂", "青岛绿源食品有限公司",
           "厦门鹭岛办公用品有限公司", "合肥科大软件有限公司", "郑州中原建材有限公司", "天津滨海化工有限公司"]
GOODS = [("办公电脑", "台"), ("打印纸", "箱"), ("不锈钢餐具", "套"), ("包装纸箱", "个"), ("服务器", "台"),
         ("医用口罩", "盒"), ("实木办公桌", "张"), ("监控摄像头", "个"), ("空调", "台"), ("软件授权", "套")]
PAYMENTS = ["合同签订后 5 个工作日内预付 30%，验收合格后付清余款", "货到验收合格后 30 日内一次性付清",
            "分两期支付：签约付 50%，交付后付 50%", "按月结算，次月 10 日前付清上月货款"]

rows = []
for number in range(90):
    buyer, seller = random.choice(BUYERS), random.choice(SELLERS)
    goods, unit = random.choice(GOODS)
    quantity = random.randint(2, 500)
    price = random.choice([12, 35, 80, 260, 1500, 4800, 6999, 23000])
    month, day = random.randint(1, 12), random.randint(1, 28)
    term = random.choice([6, 12, 24, 36])
    payment = random.choice(PAYMENTS)
    text = (f"采购合同 HT-2024-{number + 1:04d}。甲方（采购方）：{buyer}；乙方（供货方）：{seller}。"
            f"甲方向乙方采购{goods}{quantity}{unit}，单价人民币{price}元，合同总金额人民币{price * quantity}元（含税）。"
            f"本合同于2024年{month}月{day}日签订，有效期{term}个月。付款方式：{payment}。")
    answer = {"合同编号": f"HT-2024-{number + 1:04d}", "甲方": buyer, "乙方": seller, "标的": goods,
              "数量": quantity, "单位": unit, "总金额": price * quantity,
              "签订日期": f"2024-{month:02d}-{day:02d}", "有效期（月）": term, "付款方式": payment}
    json_text = json.dumps(answer, ensure_ascii=False)
    if number == 17:
        json_text = "```json\n" + json_text + "\n```"
    elif number == 41:
        json_text = json_text[:-1] + ",}"
    elif number == 66:
        json_text = json_text.replace('"', "'")
    rows.append([text, json_text])

with open("sample.csv", "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["合同文本", "抽取结果"])
    writer.writerows(rows)
