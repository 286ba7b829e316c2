/// Which program wrote a chat log: decides the placeholder rows that apply (``PlaceholderTable``) and whether a
/// change of customer starts a session (only transcripts put several customers' chats in one file).
package enum ChatExportKind: String, Sendable, CaseIterable {
    case whatsapp, wechat, telegram, transcript, chatgpt
    /// Rows for every export (a placeholder table's `any`).
    case any
}
