import Foundation

/// Every screening lint, in the order findings are reported and a record flagged by several is rejected for
/// the first (`--drop-flagged`): the one list the codes, `--drop-flagged CODE,…` and the report come from.
package enum LintRegistry {
    /// The lints' types, in order.
    package static let all: [any Lint.Type] = [
        BlocklistLint.self, PersonalDataLint.self, RefusalLint.self, CutOffLint.self, LanguageMismatchLint.self,
        ShortAnswerLint.self, RepeatedRejectedLint.self,
    ]

    /// The codes, in order.
    package static let codes: [String] = all.map { $0.code.code }

    /// The lints that need the whole run and only report (never dropped).
    package static let reportOnly: Set<String> = [RepeatedRejectedLint.code.code]

    /// The position of `code` in ``all``.
    static func index(of code: String) -> Int? { codes.firstIndex(of: code) }

    /// The codes `--drop-flagged` names: `all` (or an empty value) for every lint that can drop, else a
    /// comma-separated list of codes (`lint.refusal,lint.cut_off`, the `lint.` may be left off); a failure
    /// naming the word when it is not a lint or names a report-only lint.
    package static func dropCodes(_ text: String) -> Result<Set<String>, DropListError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "all" || trimmed == "true" {
            return .success(Set(codes).subtracting(reportOnly))
        }
        var chosen = Set<String>()
        for part in trimmed.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            let code = name.hasPrefix("lint.") ? name : "lint." + name
            guard codes.contains(code) else { return .failure(DropListError(name: name, reportOnly: false)) }
            guard !reportOnly.contains(code) else { return .failure(DropListError(name: name, reportOnly: true)) }
            chosen.insert(code)
        }
        return .success(chosen)
    }

    /// A name `--drop-flagged` cannot take.
    package struct DropListError: Error, Sendable {
        package var name: String
        package var reportOnly: Bool
    }

    /// What `--drop-flagged` takes, for messages.
    package static var accepted: String {
        "all, or lint codes separated by commas: " + codes.filter { !reportOnly.contains($0) }.joined(separator: ", ")
    }
}
