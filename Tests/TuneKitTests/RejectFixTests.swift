import Testing
@testable import TuneKit

/// The `fix` sentence of a reject names what to change for that code, not only its family's general advice.
@Suite("Reject fixes")
struct RejectFixTests {
    /// Codes whose family sentence ("fix or replace the picture …") would send the user after the wrong thing:
    /// a record with two pictures has nothing wrong with either picture.
    @Test(arguments: [
        ("img.count", "one record per picture"),
        ("img.truncated", "--accept-truncated"),
        ("img.over_budget", "--max-image-bytes"),
        ("map.local_image", "--image-mode base64"),
    ])
    func codeHasItsOwnSentence(code: String, names: String) {
        let sentence = RejectFix.sentence(for: code)
        #expect(sentence != RejectFix.sentence(for: "img.unknown_code"))
        #expect(sentence.contains(names))
    }

    @Test func unknownCodeNamesItselfAndValidate() {
        #expect(RejectFix.sentence(for: "struct.unknown_code") == RejectFix.sentence(for: "struct.other"))
        #expect(RejectFix.sentence(for: "zzz.unknown").contains("tunekit validate explains the rule (zzz.unknown)"))
    }
}
