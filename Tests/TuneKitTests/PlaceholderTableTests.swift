import Foundation
import Testing
@testable import TuneKit

/// The placeholder table (`Sources/TuneKit/Map/Placeholders.tsv`, compiled in) and its matcher.
@Suite("Chat logs: placeholders as data")
struct PlaceholderTableTests {
    /// The built-in table is the file in the package, byte for byte, and every row of it parses.
    @Test func builtInTableIsThePackageFile() throws {
        let disk = try String(contentsOf: Fixture.repositoryRoot.appendingPathComponent(PlaceholderTable.path), encoding: .utf8)
        let table = try PlaceholderTable(text: disk)
        #expect(table.rows == PlaceholderTable.builtIn.rows)
        #expect(table.rows.count > 130)
        let locales = Set(table.rows.filter { $0.export == .whatsapp || $0.export == .any }.map(\.locale))
        #expect(locales.isSuperset(of: ["en", "zh", "es", "pt", "fr", "de", "it", "ru", "id", "ja"]))
        #expect(Set(table.rows.map(\.export)).isSuperset(of: [.whatsapp, .wechat, .any]))
    }

    /// Each row matches its own text (with a rest where it takes one) in the matcher of its export.
    @Test func everyRowMatchesItsOwnText() throws {
        for row in PlaceholderTable.builtIn.rows {
            let rest = row.rest == .file ? "IMG-20210428-WA0001.jpg" : "5\""
            let text: String
            switch row.match {
            case .exact: text = row.text
            case .prefix: text = row.text + rest
            case .suffix: text = rest + row.text
            case .wrap: text = row.text.replacingOccurrences(of: "…", with: rest)
            }
            let export = row.export == .any ? ChatExportKind.transcript : row.export
            #expect(PlaceholderTable.builtIn.matcher(for: export).kind(of: text) == row.kind, "line \(row.line): \(text)")
        }
    }

    /// (export, message, kind or nil): the placeholders, and real messages that look like them.
    static let messages: [(ChatExportKind, String, PlaceholderKind?)] = [
        (.whatsapp, "<Media omitted>", .media),
        (.whatsapp, "<Medien ausgeschlossen>", .media),
        (.whatsapp, "<Multimedia omitido>", .media),
        (.whatsapp, "‹Médias omis›", .media),
        (.whatsapp, "<médias omis>", .media),
        (.whatsapp, "imagen omitida", .media),
        (.whatsapp, "Bild weggelassen", .media),
        (.whatsapp, "<Media omessi>", .media),
        (.whatsapp, "<Без медиафайлов>", .media),
        (.whatsapp, "<Media tidak disertakan>", .media),
        (.whatsapp, "<メディアなし>", .media),
        (.whatsapp, "<省略多媒体文件>", .media),
        (.whatsapp, "<Mídia oculta>", .media),
        (.whatsapp, "< attached: 00000042-PHOTO-2021-04-28-10-00-00.jpg >", .attachment),
        (.whatsapp, "\u{200E}<attached: 00000012-PHOTO-2023-12-31-21-41-05.jpg>", .attachment),
        (.whatsapp, "IMG-20210428-WA0001.jpg (file attached)", .attachment),
        (.whatsapp, "Quarterly report v2.pdf (file attached)", .attachment),
        (.whatsapp, "IMG-20250330-WA0001.jpg (Datei angehängt)", .attachment),
        (.whatsapp, "null", .media),
        (.whatsapp, "This message was deleted.", .deleted),
        (.whatsapp, "Se eliminó este mensaje.", .deleted),
        (.whatsapp, "Diese Nachricht wurde gelöscht.", .deleted),
        (.whatsapp, "Questo messaggio è stato eliminato", .deleted),
        (.whatsapp, "Данное сообщение удалено", .deleted),
        (.whatsapp, "Pesan ini telah dihapus", .deleted),
        (.whatsapp, "このメッセージは削除されました", .deleted),
        (.whatsapp, "这条消息已被删除。", .deleted),
        (.whatsapp, "Missed voice call", .call),
        (.whatsapp, "Verpasster Videoanruf", .call),
        (.whatsapp, "location: https://maps.google.com/?q=50.9425526,6.9523387", .location),
        (.wechat, "[图片]", .media),
        (.wechat, "[语音] 5\"", .media),
        (.wechat, "[图片] 微信图片_20260929171551_484.dat", .media),
        (.wechat, "[动画表情]", .sticker),
        (.wechat, "[红包]", .payment),
        (.wechat, "[转账]", .payment),
        (.wechat, "[撤回]", .deleted),
        (.wechat, "\"张三\" 撤回了一条消息", .deleted),
        (.transcript, "[图片]", .media),
        (.transcript, "<Medien ausgeschlossen>", .media),
        (.telegram, "[Sticker]", .sticker),
        // Real messages.
        (.whatsapp, "I sent it (file attached)", nil),
        (.whatsapp, "IMG-20210428-WA0001.jpg (file attached)\nHere is the receipt", nil),
        (.whatsapp, "Nothing was omitted", nil),
        (.whatsapp, "The image omitted the logo", nil),
        (.whatsapp, "Null and void?", nil),
        (.whatsapp, "This message was deleted by mistake, sorry", nil),
        (.whatsapp, "<attached: see the photo I sent>", nil),
        (.whatsapp, "Missed voice call again, can you call me back?", nil),
        (.wechat, "他刚才撤回了一条消息", nil),
        (.wechat, "[图片]看下这个", nil),
        (.wechat, "他说[图片]发你了", nil),
        (.transcript, "null", nil),
        (.transcript, "IMG-20210428-WA0001.jpg (file attached)", nil),
        (.transcript, "你好，图片在这里 [图片] 请查收", nil),
    ]

    @Test(arguments: messages)
    func matches(export: ChatExportKind, text: String, kind: PlaceholderKind?) {
        #expect(PlaceholderTable.builtIn.matcher(for: export).kind(of: text) == kind)
    }

    /// A broken row is refused with its line and why.
    @Test(arguments: [
        ("media\twhatsapp\ten\texact\t-", "Placeholders.tsv:1: 5 fields, not 6"),
        ("pictures\twhatsapp\ten\texact\t-\tx", "Placeholders.tsv:1: unknown kind pictures"),
        ("media\tsignal\ten\texact\t-\tx", "Placeholders.tsv:1: unknown export signal"),
        ("media\twhatsapp\ten\texact\tfile\tx", "Placeholders.tsv:1: exact rows take rest -, the others file or text"),
        ("media\twhatsapp\ten\twrap\ttext\t<x>", "Placeholders.tsv:1: a wrap row's text holds one …, and only a wrap row's"),
    ])
    func brokenRows(line: String, failure: String) {
        #expect(throws: PlaceholderTable.Failure.self) { try PlaceholderTable(text: line) }
        do {
            _ = try PlaceholderTable(text: line)
        } catch {
            #expect(error.description == failure)
        }
    }

    /// Real text from another project's test chats (gesiscss/WhatsR `inst/*24h.txt`, see the README beside them):
    /// exactly the placeholder lines match, by kind; no other message does.
    @Test(arguments: [
        ("englishandroid24h.txt", [15: PlaceholderKind.attachment, 20: .media, 32: .location, 33: .location]),
        ("englishios24h.txt", [15: .attachment, 20: .media, 32: .location, 33: .location]),
        ("germanandroid24h.txt", [15: .attachment, 20: .media, 32: .location, 33: .location]),
        ("germanios24h.txt", [15: .attachment, 20: .media, 32: .location, 33: .location]),
    ])
    func whatsRTestChats(file: String, expected: [Int: PlaceholderKind]) throws {
        let matcher = PlaceholderTable.builtIn.matcher(for: .whatsapp)
        var found: [Int: PlaceholderKind] = [:]
        var messages = 0
        for (index, line) in Fixture.read(Fixture.path("chatlogs/whatsr/" + file)).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // "29.01.18, 23:47 - Bob: text" or "[29.01.18, 23:47:03] Bob: text": the text after the sender.
            guard let close = line.range(of: line.contains("] ") ? "] " : " - ") else { continue }
            let rest = line[close.upperBound...]
            guard let colon = rest.range(of: ": ") else { continue }
            messages += 1
            let text = ChatSessionShaper.trimmedAround(String(rest[colon.upperBound...]))
            if let kind = matcher.kind(of: text) { found[index + 1] = kind }
        }
        #expect(messages > 40)
        #expect(found == expected)
    }
}
