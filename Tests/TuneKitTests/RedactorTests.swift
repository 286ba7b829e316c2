import Foundation
import Testing
@testable import TuneKit

@Suite("Redaction of personal data")
struct RedactorTests {
    @Test(arguments: [
        ("请拨打13812345678联系我", "请拨打[PHONE_1]联系我"),
        ("电话：138 1234 5678。", "电话：[PHONE_1]。"),
        ("call +86 138-1234-5678 now", "call [PHONE_1] now"),
        ("UK office +44 20 7946 0958", "UK office [PHONE_1]"),
        ("订单 123 13812345678", "订单 123 [PHONE_1]"),
        ("mail li.wei+shop@mail.example.com.cn.", "mail [EMAIL_1]."),
        ("QQ邮箱 12345678@qq.com", "QQ邮箱 [EMAIL_1]"),
        ("身份证 11010519491231002X 已核实", "身份证 [ID_NUMBER_1] 已核实"),
        ("身份证号440306199001011236", "身份证号[ID_NUMBER_1]"),
        ("卡号 6222 0202 0000 1234 562", "卡号 [BANK_CARD_1]"),
        ("卡号6217000000000000004", "卡号[BANK_CARD_1]"),
        ("同一个 13812345678 和 13812345678，另一个 13900001111", "同一个 [PHONE_1] 和 [PHONE_1]，另一个 [PHONE_2]"),
    ])
    func personalDataIsReplaced(input: String, expected: String) {
        var redactor = Redactor()
        #expect(redactor.redact(input) == expected)
    }

    /// Numbers that only look like personal data stay: a wrong ID checksum, a card failing Luhn, a number inside
    /// a word, an order number, a date, a price, an address without a domain.
    @Test(arguments: [
        "身份证 110105194912310021 有误",
        "卡号 6222020200001234560",
        "订单号 A13812345678 已发货",
        "编号 138123456789",
        "2024-03-05 13:45 共 1299.00 元",
        "写信给 admin@localhost 即可",
        "没有数字也没有邮箱",
    ])
    func lookAlikesStay(input: String) {
        var redactor = Redactor()
        #expect(redactor.redact(input) == input)
        #expect(redactor.counts.isEmpty)
    }

    @Test func placeholdersAreConsistentWithinARecordAndRestartPerRecord() {
        var redactor = Redactor()
        let record = Record(source: SourceLocation(file: "log.txt", line: 3), example: .conversation(Conversation(
            system: "客服热线 4008123123",
            messages: [.init(.user, "我的手机 13812345678，邮箱 a@b.cn"), .init(.assistant, "已记录 13812345678，确认邮件发往 a@b.cn")])))
        let redacted = redactor.redact(record)
        guard case .conversation(let conversation) = redacted.example else { Issue.record("not a conversation"); return }
        #expect(conversation.system == "客服热线 4008123123")
        #expect(conversation.messages.map(\.text) == ["我的手机 [PHONE_1]，邮箱 [EMAIL_1]", "已记录 [PHONE_1]，确认邮件发往 [EMAIL_1]"])
        #expect(redacted.id != record.id)
        #expect(redacted.id == ContentFingerprint(of: redacted.example).id)
        let second = redactor.redact(Record(source: record.source, example: .conversation(Conversation(
            messages: [.init(.user, "换个号 13900001111"), .init(.assistant, "好的")]))))
        guard case .conversation(let other) = second.example else { Issue.record("not a conversation"); return }
        #expect(other.messages[0].text == "换个号 [PHONE_1]")
        #expect(redactor.counts == [.phone: 3, .email: 2])
    }

    @Test func preferencePairsAreRedactedToo() {
        var redactor = Redactor()
        let record = Record(source: SourceLocation(file: "dpo.csv", line: 2), example: .preference(Preference(
            context: Conversation(messages: [.init(.user, "我的卡 6217000000000000004 被扣款")]),
            preferred: .init(.assistant, "尾号 0004 的卡已查询"), nonPreferred: .init(.assistant, "卡 6217000000000000004 没问题"))))
        guard case .preference(let pair) = redactor.redact(record).example else { Issue.record("not a pair"); return }
        #expect(pair.context.messages[0].text == "我的卡 [BANK_CARD_1] 被扣款")
        #expect(pair.preferred.text == "尾号 0004 的卡已查询")
        #expect(pair.nonPreferred.text == "卡 [BANK_CARD_1] 没问题")
    }

    /// `--redact` end to end: the lines carry placeholders, the report counts them, and dedup sees the redacted text.
    @Test func convertRedactsAndReports() throws {
        let csv = Fixture.write(Array("""
            问题,答案
            我的电话 13812345678 打不通,请拨 4008123123 转人工
            我的电话 13999998888 打不通,请拨 4008123123 转人工
            邮箱 kf@example.com 收不到邮件,请查看垃圾箱

            """.utf8), name: "pii.csv")
        let directory = Fixture.temporaryDirectory()
        var options = ConvertOptions(inputs: [csv], outputDirectory: directory)
        options.redact = true
        let result = try ConvertJob(options: options).run()
        let train = String(decoding: Fixture.bytes(directory + "/train.jsonl"), as: UTF8.self)
        #expect(!train.contains("13812345678") && !train.contains("kf@example.com"))
        #expect(train.contains("我的电话 [PHONE_1] 打不通"))
        #expect(train.contains("邮箱 [EMAIL_1] 收不到邮件"))
        // The two phone questions are the same once redacted.
        #expect(result.report.counts.train == 2)
        #expect(result.report.counts.duplicates == 1)
        #expect(result.report.redactions == ["phone": 2, "email": 1, "id_number": 0, "bank_card": 0])
        let report = String(decoding: Fixture.bytes(directory + "/report.json"), as: UTF8.self)
        #expect(report.contains("\"redactions\""))
    }
}
