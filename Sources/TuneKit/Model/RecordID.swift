/// A record's stable id: 64 bits of its content fingerprint, shown as 16 hex digits.
public struct RecordID: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The 64 bits.
    public var rawValue: UInt64

    /// Wraps a raw value.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// The id as 16 lower-case hex digits.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Orders ids by their raw value.
    public static func < (lhs: RecordID, rhs: RecordID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
