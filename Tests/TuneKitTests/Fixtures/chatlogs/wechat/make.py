"""Writes the WeChat CSV layouts the way the WeChatMsg/MemoTrace exporters' own code writes them
(csv.writer on a utf-8-sig file; pandas DataFrame.to_csv for the oldest version). Run with pandas installed."""
import csv

import pandas as pd

BASE = ['localId', 'TalkerId', 'Type', 'SubType', 'IsSender', 'CreateTime', 'Status', 'StrContent', 'StrTime']
NAMES = ['Remark', 'NickName', 'Sender']

# (localId, TalkerId, Type, SubType, IsSender, CreateTime, Status, StrContent, StrTime)
ONE_TO_ONE = [
    (101, 217, 10000, 0, 0, 1709600000, 2, '你已添加了李女士，现在可以开始聊天了。', '2024-03-05 08:53:20'),
    (102, 217, 1, 0, 0, 1709600060, 2, '你好，我想问下发票\n\n    抬头写公司名可以吗？', '2024-03-05 08:54:20'),
    (103, 217, 3, 0, 0, 1709600070, 2, '<msg><img /></msg>', '2024-03-05 08:54:30'),
    (104, 217, 1, 0, 1, 1709600120, 2, '可以的，在订单详情页申请，\n1 个工作日内发到邮箱。', '2024-03-05 08:55:20'),
    (105, 217, 1, 0, 0, 1709600180, 2, '好的，谢谢！', '2024-03-05 08:56:20'),
    (106, 217, 1, 0, 1, 1709600200, 2, '不客气，祝您生活愉快！', '2024-03-05 08:56:40'),
]
GROUP = [
    (201, 301, 1, 0, 0, 1709700000, 2, '群里谁知道退货地址？', '2024-03-06 12:40:00'),
    (202, 301, 1, 0, 1, 1709700060, 2, '退货地址在订单详情页“申请售后”里。', '2024-03-06 12:41:00'),
    (203, 301, 1, 0, 0, 1709700120, 2, '运费谁出？', '2024-03-06 12:42:00'),
    (204, 301, 1, 0, 1, 1709700180, 2, '质量问题由我们承担。', '2024-03-06 12:43:00'),
]


def nine_columns():
    # Early versions: the SQL row as it is, nine columns.
    with open('wechat-9-columns.csv', 'w', newline='', encoding='utf-8') as file:
        writer = csv.writer(file)
        writer.writerow(BASE)
        writer.writerows(ONE_TO_ONE)


def pandas_index():
    # The first version: pandas.DataFrame(...).to_csv(filename) adds an unnamed index column (ten columns).
    pd.DataFrame(data=ONE_TO_ONE, columns=BASE).to_csv('wechat-10-columns-pandas.csv', encoding='utf-8')


def twelve_columns():
    # Per-contact CSV: writer.writerow([*msg[:9], *other_data]) with other_data = [] for one-to-one chats in one
    # version (nine fields under the twelve-column header) and [remark, nickName, wxid] in the next.
    with open('wechat-12-columns.csv', 'w', newline='', encoding='utf-8-sig') as file:
        writer = csv.writer(file)
        writer.writerow(BASE + NAMES)
        for message in ONE_TO_ONE[:3]:
            writer.writerow([*message])
        for message in ONE_TO_ONE[3:]:
            me = message[4] == 1
            writer.writerow([*message, *(['', '客服小美', 'wxid_shop'] if me else ['李女士', 'Lily', 'wxid_kehu01'])])


def extra_field():
    # "Export all": the contact's remark and nickname appended, and for a group chat the sender's name after
    # them, one field more than the twelve-column header.
    with open('wechat-12-columns-extra-field.csv', 'w', newline='', encoding='utf-8-sig') as file:
        writer = csv.writer(file)
        writer.writerow(BASE + NAMES)
        for message in ONE_TO_ONE:
            writer.writerow([*message, '', '李女士', 'Lily'])
        for message in GROUP:
            sender = '我' if message[4] == 1 else ('王先生' if message[0] == 201 else '赵女士')
            writer.writerow([*message, '', '售后群', 'wxid_group', sender])


nine_columns()
pandas_index()
twelve_columns()
extra_field()
