import TuneKit

/// The chat-log readers: plain transcripts, WhatsApp and WeChat exports (line and CSV readers), Telegram and
/// ChatGPT exports (a JSON document, then the reader).
enum ChatLogFuzz {
    static let transcript = FuzzTarget(name: "transcript", maxLength: 16_384, seedExtensions: ["txt", "log"], dictionary: nil,
                                       covers: "TranscriptReader") { data in
        ScratchFile.with(data, fileExtension: "txt") { path in
            guard let reader = try? TranscriptReader(path: path) else { return }
            while let message = try? reader.next() { _ = message }
        }
    }
    static let whatsapp = FuzzTarget(name: "whatsapp", maxLength: 16_384, seedExtensions: ["txt"], dictionary: nil,
                                     covers: "WhatsAppExportReader (date order guessed)") { data in
        ScratchFile.with(data, fileExtension: "txt") { path in
            guard let reader = try? WhatsAppExportReader(path: path) else { return }
            while let message = try? reader.next() { _ = message }
        }
    }
    static let wechat = FuzzTarget(name: "wechat", maxLength: 16_384, seedExtensions: ["csv"], dictionary: nil,
                                   covers: "WeChatExportReader") { data in
        ScratchFile.with(data, fileExtension: "csv") { path in
            guard let reader = try? WeChatExportReader(path: path) else { return }
            while let item = try? reader.next() { _ = item }
        }
    }
    static let telegram = FuzzTarget(name: "telegram", maxLength: 65_536, seedExtensions: ["json"], dictionary: "json.dict",
                                     covers: "JSONDocument.load, TelegramExportReader") { data in
        ScratchFile.with(data, fileExtension: "json") { path in
            guard let document = try? JSONDocument.load(path: path) else { return }
            _ = try? TelegramExportReader(document: document, fileName: path)
        }
    }
    static let chatgpt = FuzzTarget(name: "chatgpt", maxLength: 65_536, seedExtensions: ["json"], dictionary: "json.dict",
                                    covers: "JSONDocument.load, ChatGPTExportReader") { data in
        ScratchFile.with(data, fileExtension: "json") { path in
            guard let document = try? JSONDocument.load(path: path) else { return }
            _ = ChatGPTExportReader.matches(document)
            _ = try? ChatGPTExportReader(document: document, fileName: path)
        }
    }
}
