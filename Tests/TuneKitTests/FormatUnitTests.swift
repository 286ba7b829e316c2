import Testing
@testable import TuneKit

/// One unit per format, each found from its format, each consistent with itself.
@Suite("Format units")
struct FormatUnitTests {
    @Test(arguments: OutputFormat.allCases)
    func eachFormatHasItsUnit(_ format: OutputFormat) {
        let unit = format.unit
        #expect(unit.format == format)
        for calls in [false, true] {
            #expect(Set(unit.required(calls: calls)).isSubset(of: unit.fields(calls: calls)))
        }
        #expect(unit.billsText == (format != .imageGen))
        #expect(!unit.detectionReason.isEmpty)
    }

    /// What each format's lines may carry, as the writer and the line rules read it.
    @Test func whatLinesCarry() {
        #expect(OutputFormat.allCases.filter { $0.unit.carriesReasoning } == [.tools, .thinking])
        #expect(OutputFormat.allCases.filter { $0.unit.carriesTools } == [.tools, .thinking])
        #expect(OutputFormat.allCases.filter { $0.unit.requiresReasoning } == [.thinking])
        #expect(OutputFormat.allCases.compactMap { $0.unit.imageRole } == [.assistant, .user])
        #expect(OutputFormat.allCases.filter { $0.unit.repeatedUserTurns } == [.vision])
    }

    @Test func theRegistryHoldsEveryFormatOnce() {
        #expect(FormatUnits.all.map(\.format) == OutputFormat.allCases)
    }
}
