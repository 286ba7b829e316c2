/// One rule of `tunekit validate`: its stable code (`formats/RULES.md` §2), its severity on BigModel and what
/// it means. Every emitter names one of these values, never a string, and ``all`` is the one registry the
/// code list, the platform's severities (``PlatformProfile/bigModel``) and `tunekit validate --list-codes` come
/// from.
public struct ValidationCode: Sendable, Hashable, CustomStringConvertible {
    /// The stable slug (`role.first_turn`).
    public let code: String
    /// The severity on BigModel; a ``PlatformProfile`` may say otherwise.
    public let severity: Diagnostic.Severity
    /// One line on what the code means.
    public let meaning: String

    init(_ code: String, _ severity: Diagnostic.Severity, _ meaning: String) {
        self.code = code
        self.severity = severity
        self.meaning = meaning
    }

    /// The ``code``.
    public var description: String { code }

    /// The registered code with this slug.
    public static func named(_ code: String) -> ValidationCode? { byName[code] }

    private static let byName = Dictionary(uniqueKeysWithValues: (all + conversionRejects).map { ($0.code, $0) })

    // MARK: Encoding
    /// UTF-8 byte-order mark at the start of the file.
    public static let encBom = ValidationCode("enc.bom", .warning, "UTF-8 byte-order mark at the start of the file")
    /// The file is UTF-16, not UTF-8.
    public static let encUtf16 = ValidationCode("enc.utf16", .error, "the file is UTF-16, not UTF-8")
    /// Bytes that are not valid UTF-8.
    public static let encNotUtf8 = ValidationCode("enc.not_utf8", .error, "bytes that are not valid UTF-8")
    /// A lone UTF-16 surrogate escape.
    public static let encControlChars = ValidationCode("enc.control_chars", .warning, "a lone UTF-16 surrogate escape")

    // MARK: JSON syntax
    /// An empty line.
    public static let jsonBlankLine = ValidationCode("json.blank_line", .error, "an empty line")
    /// The line is not JSON.
    public static let jsonParse = ValidationCode("json.parse", .error, "the line is not JSON")
    /// One object spread over several lines (pretty-printed).
    public static let jsonMultilineObject = ValidationCode("json.multiline_object", .error, "one object spread over several lines (pretty-printed)")
    /// A trailing or missing comma.
    public static let jsonTrailingComma = ValidationCode("json.trailing_comma", .error, "a trailing or missing comma")
    /// The line is not a JSON object.
    public static let jsonNotObject = ValidationCode("json.not_object", .error, "the line is not a JSON object")
    /// The same key twice in one object.
    public static let jsonDuplicateKey = ValidationCode("json.duplicate_key", .warning, "the same key twice in one object")
    /// NaN or Infinity.
    public static let jsonNonfinite = ValidationCode("json.nonfinite", .error, "NaN or Infinity")

    // MARK: The file
    /// No records.
    public static let fileEmpty = ValidationCode("file.empty", .error, "no records")
    /// Over the platform's upload size.
    public static let fileTooLarge = ValidationCode("file.too_large", .error, "over the platform's upload size")
    /// A line of another format (DPO among messages, or the reverse).
    public static let fileMixedFormats = ValidationCode("file.mixed_formats", .error, "a line of another format (DPO among messages, or the reverse)")

    // MARK: Size
    /// Fewer records than the platform advises.
    public static let limitExamplesMin = ValidationCode("limit.examples_min", .warning, "fewer records than the platform advises")
    /// An example longer than the token cap.
    public static let limitTokensExample = ValidationCode("limit.tokens_example", .warning, "an example longer than the token cap")

    // MARK: Structure
    /// A required top-level key is missing.
    public static let structMissingKey = ValidationCode("struct.missing_key", .error, "a required top-level key is missing")
    /// A top-level key the format does not have.
    public static let structUnknownTopKey = ValidationCode("struct.unknown_top_key", .error, "a top-level key the format does not have")
    /// Prompt/completion or similar legacy keys.
    public static let structLegacyPromptCompletion = ValidationCode("struct.legacy_prompt_completion", .error, "prompt/completion or similar legacy keys")
    /// Messages is not a non-empty array.
    public static let structMessagesType = ValidationCode("struct.messages_type", .error, "messages is not a non-empty array")
    /// A message is not an object.
    public static let structMessageType = ValidationCode("struct.message_type", .error, "a message is not an object")
    /// A message without role.
    public static let structMissingRole = ValidationCode("struct.missing_role", .error, "a message without role")
    /// Role is not a string.
    public static let structRoleType = ValidationCode("struct.role_type", .error, "role is not a string")
    /// A message without content.
    public static let structMissingContent = ValidationCode("struct.missing_content", .error, "a message without content")
    /// Content of the wrong type.
    public static let structContentType = ValidationCode("struct.content_type", .error, "content of the wrong type")
    /// Empty content.
    public static let structContentEmpty = ValidationCode("struct.content_empty", .error, "empty content")
    /// A message key the format does not have.
    public static let structUnknownMessageKey = ValidationCode("struct.unknown_message_key", .warning, "a message key the format does not have")
    /// Content: null beside tool_calls.
    public static let structNullValue = ValidationCode("struct.null_value", .warning, "content: null beside tool_calls")

    // MARK: Roles and order
    /// A role the format does not have.
    public static let roleUnknown = ValidationCode("role.unknown", .error, "a role the format does not have")
    /// System not first.
    public static let roleSystemPosition = ValidationCode("role.system_position", .error, "system not first")
    /// More than one system message.
    public static let roleMultipleSystem = ValidationCode("role.multiple_system", .error, "more than one system message")
    /// The first turn after system is not the user's.
    public static let roleFirstTurn = ValidationCode("role.first_turn", .error, "the first turn after system is not the user's")
    /// No assistant message.
    public static let roleNoAssistant = ValidationCode("role.no_assistant", .error, "no assistant message")
    /// The last message is not the assistant's.
    public static let roleLastNotAssistant = ValidationCode("role.last_not_assistant", .warning, "the last message is not the assistant's")
    /// The same role twice in a row.
    public static let roleConsecutive = ValidationCode("role.consecutive", .warning, "the same role twice in a row")
    /// A tool result without a call before it, or a call without results after it.
    public static let roleBadTransition = ValidationCode("role.bad_transition", .error, "a tool result without a call before it, or a call without results after it")

    // MARK: Function calling
    /// Function-calling content outside a tools dataset, or a tools line without tools.
    public static let toolCategory = ValidationCode("tool.category", .error, "function-calling content outside a tools dataset, or a tools line without tools")
    /// Tools is not a non-empty array.
    public static let toolToolsType = ValidationCode("tool.tools_type", .error, "tools is not a non-empty array")
    /// A tool definition of the wrong shape.
    public static let toolDefShape = ValidationCode("tool.def_shape", .error, "a tool definition of the wrong shape")
    /// A function name outside [a-zA-Z0-9_-]{1,64}.
    public static let toolNameInvalid = ValidationCode("tool.name_invalid", .error, "a function name outside [a-zA-Z0-9_-]{1,64}")
    /// Two definitions with one name.
    public static let toolNameDuplicate = ValidationCode("tool.name_duplicate", .error, "two definitions with one name")
    /// Parameters is not an object schema.
    public static let toolParamsSchema = ValidationCode("tool.params_schema", .error, "parameters is not an object schema")
    /// A tool call of the wrong shape.
    public static let toolCallShape = ValidationCode("tool.call_shape", .error, "a tool call of the wrong shape")
    /// Arguments is not a JSON string.
    public static let toolArgumentsType = ValidationCode("tool.arguments_type", .error, "arguments is not a JSON string")
    /// Arguments does not hold a JSON object.
    public static let toolArgumentsJson = ValidationCode("tool.arguments_json", .error, "arguments does not hold a JSON object")
    /// A call to a function tools does not define.
    public static let toolCallUnknownFunction = ValidationCode("tool.call_unknown_function", .error, "a call to a function tools does not define")
    /// A call id used twice.
    public static let toolCallIdDuplicate = ValidationCode("tool.call_id_duplicate", .error, "a call id used twice")
    /// A call id that is not 9 letters and digits.
    public static let toolCallIdFormat = ValidationCode("tool.call_id_format", .info, "a call id that is not 9 letters and digits")
    /// A tool message without tool_call_id.
    public static let toolResultMissingId = ValidationCode("tool.result_missing_id", .error, "a tool message without tool_call_id")
    /// A tool_call_id that answers no earlier call.
    public static let toolResultUnknownId = ValidationCode("tool.result_unknown_id", .error, "a tool_call_id that answers no earlier call")
    /// A call without a result.
    public static let toolCallUnanswered = ValidationCode("tool.call_unanswered", .error, "a call without a result")
    /// A second result for one call.
    public static let toolResultExtra = ValidationCode("tool.result_extra", .error, "a second result for one call")
    /// Tool content that is not a string.
    public static let toolContentType = ValidationCode("tool.content_type", .error, "tool content that is not a string")
    /// Text content beside tool_calls.
    public static let toolContentAndCalls = ValidationCode("tool.content_and_calls", .info, "text content beside tool_calls")
    /// Functions / function_call legacy spellings.
    public static let toolLegacyFunctions = ValidationCode("tool.legacy_functions", .error, "functions / function_call legacy spellings")

    // MARK: Reasoning
    /// Reasoning_content is not a string.
    public static let reasonType = ValidationCode("reason.type", .error, "reasoning_content is not a string")
    /// Reasoning_content on a non-assistant message.
    public static let reasonRole = ValidationCode("reason.role", .error, "reasoning_content on a non-assistant message")
    /// A thinking line without reasoning.
    public static let reasonEmpty = ValidationCode("reason.empty", .warning, "a thinking line without reasoning")
    /// <think> tags inside the text.
    public static let reasonDialectTags = ValidationCode("reason.dialect_tags", .error, "<think> tags inside the text")

    // MARK: Preference pairs
    /// Chosen/rejected/prompt spellings of other platforms.
    public static let dpoDialect = ValidationCode("dpo.dialect", .error, "chosen/rejected/prompt spellings of other platforms")
    /// Input is not an object with messages.
    public static let dpoInputType = ValidationCode("dpo.input_type", .error, "input is not an object with messages")
    /// The input ends with an assistant message.
    public static let dpoInputLastAssistant = ValidationCode("dpo.input_last_assistant", .error, "the input ends with an assistant message")
    /// An output is not an array.
    public static let dpoOutputType = ValidationCode("dpo.output_type", .error, "an output is not an array")
    /// An output array without a message.
    public static let dpoOutputCount = ValidationCode("dpo.output_count", .error, "an output array without a message")
    /// An output message that is not a non-empty assistant message.
    public static let dpoOutputRole = ValidationCode("dpo.output_role", .error, "an output message that is not a non-empty assistant message")
    /// Preferred and non-preferred are the same.
    public static let dpoOutputsIdentical = ValidationCode("dpo.outputs_identical", .warning, "preferred and non-preferred are the same")
    /// Several messages in an output.
    public static let dpoMultiTurnOutput = ValidationCode("dpo.multi_turn_output", .warning, "several messages in an output")
    /// Input.tools not an array, or parallel_tool_calls not a boolean.
    public static let dpoToolsShape = ValidationCode("dpo.tools_shape", .error, "input.tools not an array, or parallel_tool_calls not a boolean")

    // MARK: Images
    /// A content part of the wrong shape.
    public static let imgPartShape = ValidationCode("img.part_shape", .error, "a content part of the wrong shape")
    /// An image URL that is not a public http(s) URL or a data URI.
    public static let imgUrlScheme = ValidationCode("img.url_scheme", .error, "an image URL that is not a public http(s) URL or a data URI")
    /// A data URI without the exact prefix.
    public static let imgDataPrefix = ValidationCode("img.data_prefix", .error, "a data URI without the exact prefix")
    /// Invalid base64.
    public static let imgBase64 = ValidationCode("img.base64", .error, "invalid base64")
    /// An image that does not decode or is cut off.
    public static let imgDecode = ValidationCode("img.decode", .error, "an image that does not decode or is cut off")
    /// A data URI whose bytes are not JPEG.
    public static let imgMimeMismatch = ValidationCode("img.mime_mismatch", .error, "a data URI whose bytes are not JPEG")
    /// An image over the size cap.
    public static let imgBytes = ValidationCode("img.bytes", .error, "an image over the size cap")
    /// An image over the pixel cap.
    public static let imgPixels = ValidationCode("img.pixels", .error, "an image over the pixel cap")
    /// An image stored turned, with an EXIF orientation a model may not apply.
    public static let imgExifOrientation = ValidationCode("img.exif_orientation", .warning, "an image stored turned, with an EXIF orientation a model may not apply")
    /// An image in CMYK or with a non-sRGB colour profile.
    public static let imgColorMode = ValidationCode("img.color_mode", .warning, "an image in CMYK or with a non-sRGB colour profile")
    /// No image, or too many, in an image line.
    public static let imgCount = ValidationCode("img.count", .error, "no image, or too many, in an image line")
    /// An image in the wrong turn.
    public static let imgRole = ValidationCode("img.role", .error, "an image in the wrong turn")
    /// Image and text in one message for image understanding.
    public static let imgLayoutGlm4v = ValidationCode("img.layout_glm4v", .warning, "image and text in one message for image understanding")

    // MARK: Content
    /// A literal model control token in the text.
    public static let contentSpecialTokens = ValidationCode("content.special_tokens", .error, "a literal model control token in the text")

    /// Every code, in the order of `formats/RULES.md` §2.
    public static let all: [ValidationCode] = [
        encBom, encUtf16, encNotUtf8, encControlChars, jsonBlankLine, jsonParse, jsonMultilineObject,
        jsonTrailingComma, jsonNotObject, jsonDuplicateKey, jsonNonfinite, fileEmpty, fileTooLarge,
        fileMixedFormats, limitExamplesMin, limitTokensExample, structMissingKey, structUnknownTopKey,
        structLegacyPromptCompletion, structMessagesType, structMessageType, structMissingRole, structRoleType,
        structMissingContent, structContentType, structContentEmpty, structUnknownMessageKey, structNullValue,
        roleUnknown, roleSystemPosition, roleMultipleSystem, roleFirstTurn, roleNoAssistant, roleLastNotAssistant,
        roleConsecutive, roleBadTransition, toolCategory, toolToolsType, toolDefShape, toolNameInvalid,
        toolNameDuplicate, toolParamsSchema, toolCallShape, toolArgumentsType, toolArgumentsJson,
        toolCallUnknownFunction, toolCallIdDuplicate, toolCallIdFormat, toolResultMissingId, toolResultUnknownId,
        toolCallUnanswered, toolResultExtra, toolContentType, toolContentAndCalls, toolLegacyFunctions, reasonType,
        reasonRole, reasonEmpty, reasonDialectTags, dpoDialect, dpoInputType, dpoInputLastAssistant, dpoOutputType,
        dpoOutputCount, dpoOutputRole, dpoOutputsIdentical, dpoMultiTurnOutput, dpoToolsShape, imgPartShape,
        imgUrlScheme, imgDataPrefix, imgBase64, imgDecode, imgMimeMismatch, imgBytes, imgPixels, imgExifOrientation,
        imgColorMode, imgCount, imgRole, imgLayoutGlm4v, contentSpecialTokens,
    ]
}

extension ValidationCode {
    // MARK: Conversion rejects
    /// The answer of a record is not valid JSON (`convert --answer-json`, recipe key `answer_json`).
    public static let mapAnswerNotJSON = ValidationCode("map.answer_not_json", .error,
                                                        "the answer is not valid JSON (convert --answer-json)")

    /// Reasons `convert` rejects a record for that `validate` does not check on written lines (a written line
    /// holds no trace of the rule): listed apart from ``all``, the validator's rules.
    public static let conversionRejects: [ValidationCode] = [mapAnswerNotJSON, cleanConflict, cleanContaminated] + lints

    /// A record whose prompt an earlier record answered differently (`convert --conflicts first|drop`).
    public static let cleanConflict = ValidationCode("clean.conflict", .error,
                                                     "the same prompt as an earlier record with a different answer (convert --conflicts)")

    /// A record whose prompt equals or resembles a held-out evaluation record's (`convert --against`).
    public static let cleanContaminated = ValidationCode("clean.contaminated", .error,
                                                         "the prompt equals or resembles a held-out evaluation record's (convert --against)")

    // MARK: Screening lints (reported by convert; rejects with --drop-flagged)
    /// A turn holds an entry of the `--blocklist` file.
    public static let lintBlocklist = ValidationCode("lint.blocklist", .warning, "a turn holds an entry of the --blocklist file")
    /// Personal data (phone, e-mail, ID or bank card number) left in a turn.
    public static let lintPersonalData = ValidationCode("lint.personal_data", .warning,
                                                        "a phone, e-mail, ID or bank card number left in a turn")
    /// The answer is a refusal or AI-assistant boilerplate.
    public static let lintRefusal = ValidationCode("lint.refusal", .warning, "the answer is a refusal or AI-assistant boilerplate")
    /// The answer stops mid-sentence.
    public static let lintCutOff = ValidationCode("lint.cut_off", .warning, "the answer stops mid-sentence")
    /// Question and answer are in different languages.
    public static let lintLanguageMismatch = ValidationCode("lint.language_mismatch", .warning,
                                                            "question and answer are in different languages")
    /// The answer is far shorter than its question.
    public static let lintShortAnswer = ValidationCode("lint.short_answer", .warning, "the answer is far shorter than its question")
    /// The same rejected answer in many preference pairs.
    public static let lintRepeatedRejected = ValidationCode("lint.repeated_rejected", .warning,
                                                            "the same rejected answer in many preference pairs")
    /// The screening lints (`LintRegistry` runs them in this order).
    public static let lints: [ValidationCode] = [
        lintBlocklist, lintPersonalData, lintRefusal, lintCutOff, lintLanguageMismatch, lintShortAnswer, lintRepeatedRejected,
    ]
}

/// The code list as (code, meaning) pairs (see ``ValidationCode/all``).
public enum ValidationCodes {
    /// Code → one-line meaning, from ``ValidationCode/all``.
    public static var all: [(code: String, meaning: String)] { ValidationCode.all.map { ($0.code, $0.meaning) } }
}
