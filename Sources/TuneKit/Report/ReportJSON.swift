extension JSONValue {
    /// An integer as a JSON number.
    static func int(_ value: Int) -> JSONValue { .number(String(value)) }
}
