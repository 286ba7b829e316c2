/// `lint.personal_data`: a phone number, e-mail address, ID number or bank card number left in a turn — the
/// detectors of ``Redactor``, so that with `--redact` nothing is found and without it the report says where
/// redaction would act.
///
/// Only a text with an `@` or at least eight ASCII digits (the shortest E.164 number) can hold one: the
/// detectors run on those alone.
package struct PersonalDataLint: Lint {
    package static let code = ValidationCode.lintPersonalData

    package init() {}

    package func flags(text: LintText) -> Bool {
        guard text.counts.at > 0 || text.counts.digits >= 8 else { return false }
        return Redactor.firstMatch(in: Array(text.bytes)) != nil
    }

    package func message(text: LintText) -> String {
        let bytes = Array(text.bytes)
        guard let found = Redactor.firstMatch(in: bytes) else { return Self.code.meaning }
        let value = String(decoding: bytes[found.range], as: UTF8.self)
        // Enough of the value to find it, not the whole of it.
        let shown = String(value.prefix(min(4, max(1, value.count / 3)))) + "…"
        let kind: String
        switch found.kind {
        case .phone: kind = "a phone number"
        case .email: kind = "an e-mail address"
        case .idNumber: kind = "an ID number"
        case .bankCard: kind = "a bank card number"
        }
        return "\(kind) (\(shown)) left in the text"
    }
}
