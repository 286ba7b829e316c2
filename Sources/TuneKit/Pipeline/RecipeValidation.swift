import TuneKitImages

extension Recipe {
    /// Checks what parsing alone cannot: numbers in range and size rules that exclude each other. Errors name
    /// the flag or the key as this recipe's ``origin`` spells it.
    public func validate() throws(RecipeError) {
        if let nearThreshold, !(nearThreshold > 0 && nearThreshold < 1) { throw failure(.nearThreshold, "takes \(Key.nearThreshold.accepted)") }
        if let maxTurns, maxTurns < 1 { throw failure(.maxTurns, "takes a number from 1") }
        if let headerRow, headerRow < 1 { throw failure(.headerRow, "takes a row number from 1") }
        if let jobs, jobs < 1 { throw failure(.jobs, "takes a number from 1") }
        if let maxSide, maxSide < 1 { throw failure(.maxSide, "takes a positive number of pixels") }
        if let maxPixels, maxPixels < 1 { throw failure(.maxPixels, "takes a positive number") }
        if let maxInputPixels, maxInputPixels < 1 { throw failure(.maxInputPixels, "takes a positive number") }
        if let maxImageBytes, maxImageBytes < 1 { throw failure(.maxImageBytes, "takes \(Key.maxImageBytes.accepted)") }
        if let zipEntryLimit, zipEntryLimit < 1 || zipEntryLimit > ZipArchive.largestEntryLimit {
            throw failure(.zipEntryLimit, "takes \(Key.zipEntryLimit.accepted) (a larger entry needs ZIP64, which is not read)")
        }
        if let sharedStringsLimit, sharedStringsLimit < 1 || sharedStringsLimit > ZipArchive.largestEntryLimit {
            throw failure(.sharedStringsLimit, "takes \(Key.sharedStringsLimit.accepted) (string ends are 32-bit)")
        }
        if let zipTotalLimit, zipTotalLimit < 1 { throw failure(.zipTotalLimit, "takes \(Key.zipTotalLimit.accepted)") }
        if let maxLineBytes, maxLineBytes < 1 { throw failure(.maxLineBytes, "takes \(Key.maxLineBytes.accepted)") }
        if let quality, !(1...100).contains(quality) { throw failure(.quality, "takes 1 to 100") }
        if let minQuality, !(1...100).contains(minQuality) { throw failure(.minQuality, "takes 1 to 100") }
        for (key, size) in [(Key.crop, crop), (Key.pad, pad)] {
            if let size, size.width < 1 || size.height < 1 { throw failure(key, "takes \(key.accepted)") }
        }
        try validateOutputSize()
        let rules = [(Key.maxPixels, maxPixels != nil), (.crop, crop != nil), (.pad, pad != nil)].filter(\.1).map(\.0)
        if rules.count > 1 {
            throw RecipeError(.invalidValue, key: rules[1], origin: origin,
                              message: "choose one of \([Key.maxPixels, .crop, .pad].map { name(of: $0) }.joined(separator: ", "))")
        }
        if let speakers, speakers.contains(where: { $0.name.isEmpty }) { throw failure(.speaker, "takes \(Key.speaker.accepted)") }
        if let sheetIndex, sheetIndex < 1 { throw failure(.sheetIndex, "takes a sheet position from 1") }
        if sheet != nil && sheetIndex != nil {
            throw failure(.sheetIndex, "and \(name(of: .sheet)) both choose the sheet; give one (\(name(of: .sheet)) by name, \(name(of: .sheetIndex)) by position)")
        }
    }

    /// The largest side a prepared picture may have: JPEG's limit, and far beyond the platform's.
    static let maxOutputSide = 65_500

    /// Size rules that would make pictures larger than 100 megapixels (or the `--max-input-pixels` given, when
    /// higher) are refused before any picture is allocated: `--pad 60000x60000` once asked for 10.8 GB per
    /// picture and trapped.
    private func validateOutputSize() throws(RecipeError) {
        let limit = max(maxInputPixels ?? 0, ImageOptions.defaultMaxInputPixels)
        func check(_ key: Key, width: Int, height: Int, shown: String) throws(RecipeError) {
            if width > Self.maxOutputSide || height > Self.maxOutputSide {
                throw failure(key, "\(shown) asks for a side over \(Self.maxOutputSide) pixels, more than a JPEG can hold")
            }
            let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
            if overflow || pixels > limit {
                throw failure(key, "\(shown) makes pictures of \(overflow ? "more than \(Int.max)" : String(pixels)) pixels, over the \(limit) a picture may have (\(name(of: .maxInputPixels)) raises it)")
            }
        }
        if let crop { try check(.crop, width: crop.width, height: crop.height, shown: "\(crop.width)x\(crop.height)") }
        if let pad { try check(.pad, width: pad.width, height: pad.height, shown: "\(pad.width)x\(pad.height)") }
        guard upscale == true else { return }
        if let maxSide { try check(.maxSide, width: maxSide, height: maxSide, shown: "\(maxSide) with \(name(of: .upscale))") }
        if let maxPixels, maxPixels > limit {
            throw failure(.maxPixels, "\(maxPixels) with \(name(of: .upscale)) makes pictures over the \(limit) pixels a picture may have (\(name(of: .maxInputPixels)) raises it)")
        }
    }

    /// This recipe with every value `other` gives laid over it: `other` wins key by key. A size rule
    /// (`max_pixels`, `crop`, `pad`) in `other` replaces this recipe's; `other`'s speakers replace this recipe's.
    public func overridden(by other: Recipe) -> Recipe {
        var merged = self
        for key in Key.allCases where other.text(for: key) != nil {
            merged.copy(key, from: other)
        }
        if other.sheet != nil || other.sheetIndex != nil {
            // One sheet choice: a flag's replaces the recipe's, by name or by position.
            merged.sheet = other.sheet
            merged.sheetIndex = other.sheetIndex
        }
        if other.maxPixels != nil || other.crop != nil || other.pad != nil {
            merged.maxPixels = other.maxPixels
            merged.crop = other.crop
            merged.pad = other.pad
        }
        return merged
    }

    /// Where `key`'s value in `self.overridden(by: other)` comes from.
    func origin(of key: Key, overriddenBy other: Recipe) -> Origin {
        other.text(for: key) != nil ? other.origin : origin
    }

    private mutating func copy(_ key: Key, from other: Recipe) {
        switch key {
        case .description: description = other.description
        case .to: format = other.format
        case .from: inputKind = other.inputKind
        case .output: output = other.output
        case .system: system = other.system
        case .user: user = other.user
        case .assistant: assistant = other.assistant
        case .category: category = other.category
        case .reasoning: reasoning = other.reasoning
        case .chosen: chosen = other.chosen
        case .rejected: rejected = other.rejected
        case .prompt: prompt = other.prompt
        case .image: image = other.image
        case .callName: callName = other.callName
        case .callArguments: callArguments = other.callArguments
        case .toolResult: toolResult = other.toolResult
        case .tools: tools = other.tools
        case .profile: profile = other.profile
        case .sheet: sheet = other.sheet
        case .headerRow: headerRow = other.headerRow
        case .fillMerged: fillMerged = other.fillMerged
        case .skipHiddenRows: skipHiddenRows = other.skipHiddenRows
        case .skipHiddenColumns: skipHiddenColumns = other.skipHiddenColumns
        case .dedup: dedup = other.dedup
        case .nearThreshold: nearThreshold = other.nearThreshold
        case .validation: validation = other.validation
        case .seed: seed = other.seed
        case .strict: strict = other.strict
        case .redact: redact = other.redact
        case .encoding: encoding = other.encoding
        case .delimiter: delimiter = other.delimiter
        case .speaker: speakers = other.speakers
        case .me: me = other.me
        case .sessionGap: sessionGap = other.sessionGap
        case .maxTurns: maxTurns = other.maxTurns
        case .keepEdges: keepEdges = other.keepEdges
        case .allowUnused: allowUnused = other.allowUnused
        case .imageMode: imageMode = other.imageMode
        case .imageRoot: imageRoot = other.imageRoot
        case .maxImageBytes: maxImageBytes = other.maxImageBytes
        case .zipEntryLimit: zipEntryLimit = other.zipEntryLimit
        case .sharedStringsLimit: sharedStringsLimit = other.sharedStringsLimit
        case .zipTotalLimit: zipTotalLimit = other.zipTotalLimit
        case .maxLineBytes: maxLineBytes = other.maxLineBytes
        case .maxSide: maxSide = other.maxSide
        case .maxPixels: maxPixels = other.maxPixels
        case .crop: crop = other.crop
        case .pad: pad = other.pad
        case .upscale: upscale = other.upscale
        case .linearLight: linearLight = other.linearLight
        case .acceptTruncated: acceptTruncated = other.acceptTruncated
        case .background: background = other.background
        case .quality: quality = other.quality
        case .minQuality: minQuality = other.minQuality
        case .subsampling: subsampling = other.subsampling
        case .maxInputPixels: maxInputPixels = other.maxInputPixels
        case .jobs: jobs = other.jobs
        case .sample: sample = other.sample
        case .datasetInfo: datasetInfo = other.datasetInfo
        case .dataset: dataset = other.dataset
        case .dateOrder: dateOrder = other.dateOrder
        case .keepPlaceholders: keepPlaceholders = other.keepPlaceholders
        case .groupChat: groupChat = other.groupChat
        case .sheetIndex: sheetIndex = other.sheetIndex
        case .displayText: displayText = other.displayText
        case .imageOut: imageOut = other.imageOut
        case .imageBaseURL: imageBaseURL = other.imageBaseURL
        case .answerJSON: answerJSON = other.answerJSON
        case .model: model = other.model
        case .method: method = other.method
        case .tokenizer: tokenizer = other.tokenizer
        case .conflicts: conflicts = other.conflicts
        case .against: against = other.against
        case .dedupOn: dedupOn = other.dedupOn
        case .clusters: clusters = other.clusters
        case .groupBy: groupBy = other.groupBy
        case .blocklist: blocklist = other.blocklist
        case .dropFlagged: dropFlagged = other.dropFlagged
        }
    }
}
