import Foundation

/// What one fine-tuning platform accepts: size caps, image limits, the roles and keys of each format, and
/// its dialect choices. The validator and the exporters read limits from here, never from constants, so
/// that another platform is a new profile (plus, where its shape differs, a dialect writer).
///
/// ``bigModel`` is built in; others load from JSON with ``load(path:)`` (the same keys as this type).
public struct PlatformProfile: Sendable, Codable, Equatable {
    /// How the platform spells preference data.
    public enum DPODialect: String, Sendable, Codable {
        /// `input` / `preferred_output` / `non_preferred_output` (BigModel, OpenAI).
        case openAI = "openai"
    }

    /// How the platform carries an assistant's thinking.
    public enum ReasoningDialect: String, Sendable, Codable {
        /// A `reasoning_content` string beside `content` (BigModel, Volcengine).
        case field
    }

    /// The profile's name (`bigmodel`).
    public var name: String
    /// The largest upload, in bytes; output files above it are split into numbered parts.
    public var maxFileBytes: Int
    /// Fewer records than this draws a warning.
    public var minimumExamples: Int
    /// Estimated tokens per example above which a warning is given (no hard limit is published).
    public var tokenWarning: Int
    /// The largest decoded image, in bytes.
    public var maxImageBytes: Int
    /// The longest image side, in pixels.
    public var maxImageSide: Int
    /// The only accepted prefix of inline images.
    public var imageDataPrefix: String
    /// Images per example, by format (`image-gen`, `vision`).
    public var maxImagesPerExample: [String: Int]
    /// Tokens one image is billed as, by format (`image-gen`, `vision`); nil when the platform does not say.
    public var imageTokens: [String: Int]?
    /// Allowed roles by format.
    public var roles: [String: [String]]
    /// Allowed message keys by format.
    public var messageKeys: [String: [String]]
    /// Allowed top-level keys by format.
    public var topKeys: [String: [String]]
    /// How preference pairs are spelled.
    public var dpoDialect: DPODialect
    /// How an assistant's thinking is carried.
    public var reasoningDialect: ReasoningDialect
    /// Severity overrides by code (`"role.last_not_assistant": "warning"`); codes not listed are errors.
    public var severities: [String: Diagnostic.Severity]

    /// Zhipu BigModel (智谱开放平台), from its fine-tuning guide and `formats/RULES.md` (the "zp" column).
    public static let bigModel = PlatformProfile(
        name: "bigmodel",
        maxFileBytes: 100 * 1_000_000,
        minimumExamples: 300,
        tokenWarning: 32_768,
        maxImageBytes: 5 * 1024 * 1024,
        maxImageSide: 6000,
        imageDataPrefix: "data:image/jpeg;base64,",
        maxImagesPerExample: ["image-gen": 1, "vision": 1],
        // "单图片将被转换为 1024tokens" (text-to-image) and 1600 (image understanding, glm-4v).
        imageTokens: ["image-gen": 1024, "vision": 1600],
        roles: [
            "chat": ["system", "user", "assistant"],
            "thinking": ["system", "user", "assistant"],
            "tools": ["system", "user", "assistant", "tool"],
            "dpo": ["system", "user", "assistant"],
            "image-gen": ["system", "user", "assistant"],
            "vision": ["system", "user", "assistant"],
        ],
        messageKeys: [
            "chat": ["role", "content"],
            "thinking": ["role", "content", "reasoning_content"],
            "tools": ["role", "content", "tool_calls", "tool_call_id", "reasoning_content"],
            "dpo": ["role", "content"],
            "image-gen": ["role", "content"],
            "vision": ["role", "content"],
        ],
        topKeys: [
            "chat": ["messages"], "thinking": ["messages"], "tools": ["messages", "tools"],
            "dpo": ["input", "preferred_output", "non_preferred_output"],
            "image-gen": ["messages"], "vision": ["messages"],
        ],
        dpoDialect: .openAI,
        reasoningDialect: .field,
        // From the registry: every code that is not an error on BigModel.
        severities: Dictionary(uniqueKeysWithValues: ValidationCode.all.filter { $0.severity != .error }.map { ($0.code, $0.severity) })
    )

    /// The severity of a code on this platform (errors unless listed).
    public func severity(of code: String) -> Diagnostic.Severity {
        severities[code] ?? .error
    }

    /// The severity of a code on this platform.
    public func severity(of code: ValidationCode) -> Diagnostic.Severity {
        severities[code.code] ?? .error
    }

    /// Roles allowed in `format`.
    public func roles(for format: OutputFormat) -> Set<String> {
        Set(roles[format.rawValue] ?? [])
    }

    /// Message keys allowed in `format`.
    public func messageKeys(for format: OutputFormat) -> Set<String> {
        Set(messageKeys[format.rawValue] ?? [])
    }

    /// Tokens each image of `format` counts as (0 for formats without images).
    public func imageTokens(for format: OutputFormat) -> Int {
        imageTokens?[format.rawValue] ?? 0
    }

    /// Top-level keys allowed in `format`.
    public func topKeys(for format: OutputFormat) -> Set<String> {
        Set(topKeys[format.rawValue] ?? [])
    }

    /// Loads a profile from a JSON file with this type's keys.
    public static func load(path: String) throws -> PlatformProfile {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(PlatformProfile.self, from: data)
    }
}
