/// Every fuzz target, by name.
enum FuzzTargets {
    static let all: [FuzzTarget] = [
        JSONFuzz.tape, CSVFuzz.csv, WorkbookFuzz.spreadsheetML, WorkbookFuzz.xlsx, WorkbookFuzz.fods, WorkbookFuzz.ods,
        CSVFuzz.tsv, EncodingFuzz.target, JSONFuzz.reader, JSONFuzz.jsonl, JSONFuzz.validate,
        ChatLogFuzz.transcript, ChatLogFuzz.whatsapp, ChatLogFuzz.wechat, ChatLogFuzz.telegram, ChatLogFuzz.chatgpt,
        TemplateFuzz.target, ImageFuzz.jpeg, ImageFuzz.png, ImageFuzz.icc, ImageFuzz.iccTransform, ArchiveFuzz.zip,
    ]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
