/// A record's stable id: 64 bits of its content fingerprint, shown as 16 hex digits.
public struct RecordID: Hashable, Sendable, CustomStringConvertible, Comparable {
    public var rawValue: UInt64

    /// Wraps a raw value.
    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
