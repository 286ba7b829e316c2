import Foundation

/// A strict JSON parser over bytes (RFC 8259) that builds a ``JSONValue`` tree: ``JSONTape``'s grammar
/// and errors, for the paths that need values (importers, tool definitions) rather than checks.
///
/// Strings must be valid UTF-8; escaped lone surrogates (`\ud800`) are replaced by U+FFFD and
/// reported in ``Result/notes``. Duplicate keys are kept and reported. Numbers keep their text.
///
/// ```swift
/// let value = try JSONReader.parse(Array(#"{"a":[1,2]}"#.utf8))
/// ```
package enum JSONReader {
    /// A parse failure: where, what, and the JSON pointer of the value being read.
    package struct Failure: Error, Equatable, Sendable {
        /// Byte offset into the input.
        package var offset: Int
        package var message: String
        /// The JSON pointer of the container being read when parsing stopped (`/messages/2`).
        package var pointer: String
        /// What kind of failure: used to pick a validator code.
        package var kind: Kind

        /// Failure kinds that the validator reports with their own codes.
        package enum Kind: Sendable, Equatable {
            case syntax
            case trailingComma
            case missingComma
            case nonFinite
            case invalidUTF8
            case truncated
        }
    }

    /// Remarks about input that parsed but deserves a warning.
    package enum Note: Equatable, Sendable {
        case duplicateKey(String, pointer: String)
        case loneSurrogate(pointer: String)
    }

    /// A successful parse.
    package struct Result: Sendable {
        package var value: JSONValue
        package var notes: [Note]
    }

    /// Parses exactly one JSON value (surrounding white space allowed).
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> Result {
        var tape = JSONTape()
        try tape.parse(bytes)
        return Result(value: tape.value(tape.root), notes: tape.notes)
    }

    /// Parses exactly one JSON value from an array of bytes.
    package static func parse(_ bytes: [UInt8]) throws(Failure) -> Result {
        let outcome: Swift.Result<Result, Failure> = bytes.withUnsafeBufferPointer { buffer in
            do throws(Failure) { return .success(try parse(buffer)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }

    /// Parses exactly one JSON value from text.
    package static func parse(_ text: String) throws(Failure) -> Result {
        try parse(Array(text.utf8))
    }

    /// Escapes `~` and `/` in a JSON pointer token (RFC 6901).
    static func escapePointerToken(_ key: String) -> String {
        guard key.contains("~") || key.contains("/") else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
