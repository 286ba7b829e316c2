import TuneKitImages

extension Recipe {
    /// A recipe from text values by key, as the command line's flags give them (`nil` values are skipped):
    /// each is parsed as ``set(_:text:)`` does, and a value a key does not take is an error naming the flag.
    public init(origin: Origin = .flags, text values: KeyValuePairs<Key, String?>) throws(RecipeError) {
        self.init(origin: origin)
        for (key, value) in values {
            if let value { try set(key, text: value) }
        }
    }

    /// Sets `key` from its text form: `0.1` or `10%` for `validation`, `30m` for `session_gap`, `5M` for
    /// `max_image_bytes`, `512x512` for `crop`, `true`/`false` for switches, `A=user,B=skip` for `speaker`
    /// (which adds to the speakers given so far) …
    public mutating func set(_ key: Key, text: String) throws(RecipeError) {
        switch key {
        case .description: description = text
        case .to: format = try parse(key, text) { OutputFormat(rawValue: $0) }
        case .from: inputKind = try parse(key, text) { ConvertOptions.InputKind(rawValue: $0) }
        case .output: output = text
        case .system: system = text
        case .user: user = text
        case .assistant: assistant = text
        case .category: category = text
        case .reasoning: reasoning = text
        case .chosen: chosen = text
        case .rejected: rejected = text
        case .prompt: prompt = text
        case .image: image = text
        case .callName: callName = text
        case .callArguments: callArguments = text
        case .toolResult: toolResult = text
        case .tools: tools = text
        case .profile: profile = text
        case .sheet: sheet = SheetOptions.Selector(text)
        case .headerRow: headerRow = try parse(key, text) { Int($0) }
        case .fillMerged: fillMerged = try parseSwitch(key, text)
        case .skipHiddenRows: skipHiddenRows = try parseSwitch(key, text)
        case .skipHiddenColumns: skipHiddenColumns = try parseSwitch(key, text)
        case .dedup: dedup = try parse(key, text) { ConvertOptions.DedupMode(rawValue: $0) }
        case .nearThreshold: nearThreshold = try parse(key, text) { Double($0) }
        case .validation: validation = try parse(key, text) { SplitPlanner.Amount($0) }
        case .seed: seed = try parse(key, text) { UInt64($0) }
        case .strict: strict = try parseSwitch(key, text)
        case .redact: redact = try parseSwitch(key, text)
        case .encoding: encoding = try parse(key, text) { TextEncoding(name: $0) }
        case .delimiter: delimiter = try parse(key, text, Self.delimiterByte)
        case .speaker:
            for entry in text.split(separator: ",") { try addSpeaker(String(entry)) }
        case .me: me = text
        case .sessionGap:
            let gap = try parse(key, text) { ChatLogOptions.parseGap($0) }
            sessionGap = gap.map { .seconds($0) } ?? .never
        case .maxTurns: maxTurns = try parse(key, text) { Int($0) }
        case .keepEdges: keepEdges = try parseSwitch(key, text)
        case .allowUnused: allowUnused = try parseSwitch(key, text)
        case .imageMode: imageMode = try parse(key, text) { ImageEmbedding.Mode(rawValue: $0) }
        case .imageRoot: imageRoot = text
        case .maxImageBytes: maxImageBytes = try parse(key, text) { Self.byteCount($0) }
        case .zipEntryLimit: zipEntryLimit = try parse(key, text) { Self.byteCount($0) }
        case .sharedStringsLimit: sharedStringsLimit = try parse(key, text) { Self.byteCount($0) }
        case .zipTotalLimit: zipTotalLimit = try parse(key, text) { Self.byteCount($0) }
        case .maxLineBytes: maxLineBytes = try parse(key, text) { Self.byteCount($0) }
        case .maxSide: maxSide = try parse(key, text) { Int($0) }
        case .maxPixels: maxPixels = try parse(key, text) { Int($0) }
        case .crop: crop = try parse(key, text) { Self.size($0) }
        case .pad: pad = try parse(key, text) { Self.size($0) }
        case .upscale: upscale = try parseSwitch(key, text)
        case .linearLight: linearLight = try parseSwitch(key, text)
        case .acceptTruncated: acceptTruncated = try parseSwitch(key, text)
        case .background: background = try parse(key, text) { RGBColor(parsing: $0) }
        case .quality: quality = try parse(key, text) { Int($0) }
        case .minQuality: minQuality = try parse(key, text) { Int($0) }
        case .subsampling: subsampling = try parse(key, text) { JPEGCodec.Subsampling(rawValue: $0) }
        case .maxInputPixels: maxInputPixels = try parse(key, text) { Int($0) }
        case .jobs: jobs = try parse(key, text) { Int($0) }
        case .sample: sample = text
        case .datasetInfo: datasetInfo = text
        case .dataset: dataset = text
        case .dateOrder: dateOrder = try parse(key, text) { WhatsAppDateOrder(rawValue: $0.lowercased()) }
        case .keepPlaceholders: keepPlaceholders = try parseSwitch(key, text)
        case .groupChat: groupChat = try parseSwitch(key, text)
        case .sheetIndex: sheetIndex = try parse(key, text) { Int($0) }
        case .displayText: displayText = try parseSwitch(key, text)
        case .imageOut: imageOut = text
        case .answerJSON: answerJSON = try parseSwitch(key, text)
        case .conflicts: conflicts = try parse(key, text) { ConvertOptions.ConflictMode(rawValue: $0.lowercased()) }
        case .imageBaseURL:
            imageBaseURL = try parse(key, text) { url in
                let lower = url.lowercased()
                return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && !url.contains(where: \.isWhitespace) ? url : nil
            }
        case .model: model = text
        case .method: method = try parse(key, text) { ModelCatalog.Method(rawValue: $0.lowercased()) }
        case .tokenizer: tokenizer = text
        case .against: against = text
        case .dedupOn: dedupOn = try parse(key, text) { DedupOn(rawValue: $0.lowercased()) }
        case .clusters: clusters = text
        case .groupBy: groupBy = text
        case .blocklist: blocklist = text
        case .dropFlagged:
            guard case .success = LintRegistry.dropCodes(text) else { throw refusal(key, text) }
            dropFlagged = text
        }
    }

    /// Adds one speaker rule, `NAME=user`, `NAME=assistant` or `NAME=skip` (the name may hold commas).
    public mutating func addSpeaker(_ rule: String) throws(RecipeError) {
        let parsed = try parse(.speaker, rule) { ChatLogOptions.parseSpeaker($0) }
        speakers = (speakers ?? []) + [Speaker(name: parsed.name, role: parsed.role)]
    }

    /// The text form of `key`'s value, as a recipe file would hold it; `nil` when not given.
    public func text(for key: Key) -> String? {
        switch key {
        case .description: return description
        case .to: return format?.rawValue
        case .from: return inputKind?.rawValue
        case .output: return output
        case .system: return system
        case .user: return user
        case .assistant: return assistant
        case .category: return category
        case .reasoning: return reasoning
        case .chosen: return chosen
        case .rejected: return rejected
        case .prompt: return prompt
        case .image: return image
        case .callName: return callName
        case .callArguments: return callArguments
        case .toolResult: return toolResult
        case .tools: return tools
        case .profile: return profile
        case .sheet:
            switch sheet {
            case .name(let name): return name
            case .index(let index): return "#\(index)"  // read back as a position, whatever the sheets are named
            case nil: return nil
            }
        case .headerRow: return headerRow.map { String($0) }
        case .fillMerged: return fillMerged.map { String($0) }
        case .skipHiddenRows: return skipHiddenRows.map { String($0) }
        case .skipHiddenColumns: return skipHiddenColumns.map { String($0) }
        case .dedup: return dedup?.rawValue
        case .nearThreshold: return nearThreshold.map { String($0) }
        case .validation: return validation?.description
        case .seed: return seed.map { String($0) }
        case .strict: return strict.map { String($0) }
        case .redact: return redact.map { String($0) }
        case .encoding: return encoding?.rawValue
        case .delimiter: return delimiter.map { $0 == 0x09 ? "tab" : String(UnicodeScalar($0)) }
        case .speaker:
            return speakers.map { list in
                list.map { "\($0.name)=\($0.role?.rawValue ?? "skip")" }.joined(separator: ",")
            }
        case .me: return me
        case .sessionGap:
            switch sessionGap {
            case .seconds(let seconds): return "\(seconds)s"
            case .never: return "none"
            case nil: return nil
            }
        case .maxTurns: return maxTurns.map { String($0) }
        case .keepEdges: return keepEdges.map { String($0) }
        case .keepPlaceholders: return keepPlaceholders.map { String($0) }
        case .groupChat: return groupChat.map { String($0) }
        case .sheetIndex: return sheetIndex.map { String($0) }
        case .displayText: return displayText.map { String($0) }
        case .allowUnused: return allowUnused.map { String($0) }
        case .imageMode: return imageMode?.rawValue
        case .imageRoot: return imageRoot
        case .maxImageBytes: return maxImageBytes.map { String($0) }
        case .zipEntryLimit: return zipEntryLimit.map { String($0) }
        case .sharedStringsLimit: return sharedStringsLimit.map { String($0) }
        case .zipTotalLimit: return zipTotalLimit.map { String($0) }
        case .maxLineBytes: return maxLineBytes.map { String($0) }
        case .maxSide: return maxSide.map { String($0) }
        case .maxPixels: return maxPixels.map { String($0) }
        case .crop: return crop.map { "\($0.width)x\($0.height)" }
        case .pad: return pad.map { "\($0.width)x\($0.height)" }
        case .upscale: return upscale.map { String($0) }
        case .linearLight: return linearLight.map { String($0) }
        case .acceptTruncated: return acceptTruncated.map { String($0) }
        case .background:
            return background.map { colour in
                "#" + [colour.red, colour.green, colour.blue].map { byte in
                    let hex = String(byte, radix: 16)
                    return hex.count == 1 ? "0" + hex : hex
                }.joined()
            }
        case .quality: return quality.map { String($0) }
        case .minQuality: return minQuality.map { String($0) }
        case .subsampling: return subsampling?.rawValue
        case .maxInputPixels: return maxInputPixels.map { String($0) }
        case .jobs: return jobs.map { String($0) }
        case .sample: return sample
        case .datasetInfo: return datasetInfo
        case .dataset: return dataset
        case .dateOrder: return dateOrder?.rawValue
        case .imageOut: return imageOut
        case .imageBaseURL: return imageBaseURL
        case .answerJSON: return answerJSON.map { String($0) }
        case .model: return model
        case .method: return method?.rawValue
        case .tokenizer: return tokenizer
        case .conflicts: return conflicts?.rawValue
        case .against: return against
        case .dedupOn: return dedupOn?.rawValue
        case .clusters: return clusters
        case .groupBy: return groupBy
        case .blocklist: return blocklist
        case .dropFlagged: return dropFlagged
        }
    }

    /// The keys this recipe gives a value for.
    public var givenKeys: [Key] { Key.allCases.filter { text(for: $0) != nil } }

    /// A byte count: `500000`, `500k`, `5M`, `5MB`, `2G` (k, M and G are 1024, 1024² and 1024³); `nil` when it
    /// is not one.
    package static func byteCount(_ text: String) -> Int? {
        let lower = text.lowercased().replacingOccurrences(of: "ib", with: "").replacingOccurrences(of: "b", with: "")
        var multiplier = 1
        var digits = Substring(lower)
        if digits.hasSuffix("k") { multiplier = 1024; digits = digits.dropLast() }
        if digits.hasSuffix("m") { multiplier = 1024 * 1024; digits = digits.dropLast() }
        if digits.hasSuffix("g") { multiplier = 1024 * 1024 * 1024; digits = digits.dropLast() }
        guard let value = Double(digits), value > 0 else { return nil }
        return Int(value * Double(multiplier))
    }

    /// `WxH` (also `W×H`, `W*H`) with both sides positive.
    package static func size(_ text: String) -> Size? {
        let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" || $0 == "*" })
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        return Size(width: width, height: height)
    }

    /// `tab` (or `\t`) or one ASCII character.
    static func delimiterByte(_ text: String) -> UInt8? {
        switch text {
        case "tab", "\\t", "\t": return 0x09
        default: return text.utf8.count == 1 ? text.utf8.first : nil
        }
    }

    private func parse<T>(_ key: Key, _ text: String, _ parser: (String) -> T?) throws(RecipeError) -> T {
        guard let value = parser(text) else { throw refusal(key, text) }
        return value
    }

    private func parseSwitch(_ key: Key, _ text: String) throws(RecipeError) -> Bool {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw refusal(key, text)
        }
    }
}
