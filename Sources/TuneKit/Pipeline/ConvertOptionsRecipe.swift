import TuneKitImages

extension ConvertOptions {
    /// The options of a run over `inputs` that `overriding` (the command line's flags) lays over `recipe` (a
    /// recipe file): a value `overriding` gives wins key by key, and what neither gives keeps its default.
    /// Each recipe is checked (``Recipe/validate()``); templates are compiled and the `tools` and `profile`
    /// files read here. Errors name the flag (`--dedup`) or the recipe file and key that decided.
    public init(inputs: [String], recipe: Recipe = Recipe(origin: .file("-")),
                overriding flags: Recipe = Recipe()) throws(RecipeError) {
        try recipe.validate()
        try flags.validate()
        let merged = recipe.overridden(by: flags)
        func fail(_ key: Recipe.Key, _ message: String) -> RecipeError {
            Recipe(origin: recipe.origin(of: key, overriddenBy: flags)).failure(key, message, .unreadable)
        }
        var inputs = inputs
        let datasetEntry = try Self.datasetEntry(merged, recipe: recipe, flags: flags)
        if inputs.isEmpty, let datasetEntry { inputs = [datasetEntry.file] }
        guard !inputs.isEmpty else {
            throw RecipeError(.invalidValue, key: nil, origin: .flags,
                              message: "no input files (give one or more CSV files, or - for standard input)")
        }
        self.init(inputs: inputs, inputKind: merged.inputKind, format: merged.format ?? .chat,
                  outputDirectory: merged.output ?? "out", dedup: merged.dedup ?? .exact,
                  validation: merged.validation, seed: merged.seed ?? 42, encoding: merged.encoding,
                  delimiter: merged.delimiter, strict: merged.strict ?? false)

        let templates: [(Recipe.Key, ColumnAliases.Field, String?)] = [
            (.system, .system, merged.system), (.user, .user, merged.user), (.assistant, .assistant, merged.assistant),
            (.category, .category, merged.category), (.reasoning, .reasoning, merged.reasoning),
            (.chosen, .chosen, merged.chosen), (.rejected, .rejected, merged.rejected), (.prompt, .prompt, merged.prompt),
            (.image, .image, merged.image), (.callName, .callName, merged.callName),
            (.callArguments, .callArguments, merged.callArguments), (.toolResult, .toolResult, merged.toolResult),
        ]
        for (key, field, text) in templates {
            guard let text else { continue }
            do {
                mapping[field] = try FieldTemplate(text)
            } catch {
                throw fail(key, "is not a valid template: \(error)")
            }
        }
        if let path = merged.tools {
            do {
                mapping.tools = try ToolDefinition.load(path: path)
            } catch {
                throw fail(.tools, "\(error)")
            }
        }
        if let path = merged.profile {
            do {
                profile = try PlatformProfile.load(path: path)
            } catch {
                throw fail(.profile, "\(path): not a platform profile: \(error)")
            }
        }
        // Without `to`, a table's columns decide the format (``FormatInference``).
        mapping.formatFromColumns = merged.format == nil
        mapping.allowUnused = merged.allowUnused ?? false
        if let threshold = merged.nearThreshold { nearThreshold = threshold }
        if let on = merged.dedupOn { dedupOn = on }
        clustersPath = merged.clusters
        if dedup == .none, let key = [Recipe.Key.clusters, .dedupOn].first(where: { merged.text(for: $0) != nil }) {
            throw fail(key, "needs duplicates to look for; it cannot be used with dedup none")
        }
        redact = merged.redact ?? false

        for speaker in merged.speakers ?? [] { chatLog.speakers[speaker.name] = .some(speaker.role) }
        if let me = merged.me { chatLog.speakers[me] = .some(.assistant) }
        switch merged.sessionGap {
        case .seconds(let seconds): chatLog.sessionGap = seconds
        case .never: chatLog.sessionGap = nil
        case nil: break
        }
        if let turns = merged.maxTurns { chatLog.maxTurns = turns }
        chatLog.trimEdges = !(merged.keepEdges ?? false)
        chatLog.keepPlaceholders = merged.keepPlaceholders ?? false
        chatLog.groupChat = merged.groupChat ?? false
        chatLog.system = merged.system
        dateOrder = merged.dateOrder

        if let mode = merged.imageMode { images.mode = mode }
        images.root = merged.imageRoot
        images.image = merged.imageOptions()
        if let jobs = merged.jobs { images.jobs = jobs }
        images.outputFolder = merged.imageOut
        images.baseURL = merged.imageBaseURL
        // Files mode writes URLs into the lines: without a base URL they would be bare paths, which `validate`
        // refuses (img.url_scheme); without a folder, there is nowhere to write.
        if images.mode == .files {
            // Named as the image mode was given: a flag asks for flags, a recipe for keys.
            let asked = Recipe(origin: recipe.origin(of: .imageMode, overriddenBy: flags))
            func fail(_ key: Recipe.Key, _ message: String) -> RecipeError { asked.failure(key, message) }
            if merged.imageOut == nil { throw fail(.imageOut, "is needed with --image-mode files: the folder prepared pictures are written to") }
            if merged.imageBaseURL == nil {
                throw fail(.imageBaseURL, "is needed with --image-mode files: the http(s) URL the --image-out folder is served at (lines must carry URLs)")
            }
        } else if let key = merged.imageOut != nil ? Recipe.Key.imageOut : merged.imageBaseURL != nil ? .imageBaseURL : nil {
            throw fail(key, "is only used with --image-mode files")
        }

        if let selector = merged.sheet { sheet.sheet = selector }
        if let position = merged.sheetIndex { sheet.sheet = .index(position) }
        sheet.displayText = merged.displayText ?? false
        if let limit = merged.zipEntryLimit { sheet.zipEntryLimit = limit }
        if let limit = merged.sharedStringsLimit { sheet.sharedStringsLimit = limit }
        if let limit = merged.zipTotalLimit { sheet.zipTotalLimit = limit }
        if let limit = merged.maxLineBytes {
            maxLineBytes = limit
            sheet.maxCellBytes = limit
        }
        if let row = merged.headerRow { sheet.headerRow = row }
        sheet.fillMergedCells = merged.fillMerged ?? true
        sheet.skipHiddenRows = merged.skipHiddenRows ?? false
        sheet.skipHiddenColumns = merged.skipHiddenColumns ?? false
        datasetInfo = merged.datasetInfo
        dataset = merged.dataset
        answerJSON = merged.answerJSON ?? false
        conflicts = merged.conflicts
        against = (merged.against ?? "").split(separator: ",").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }.filter { !$0.isEmpty }
        if conflicts == .drop && inputs.contains("-") {
            throw Recipe(origin: recipe.origin(of: .conflicts, overriddenBy: flags)).failure(.conflicts,
                "drop reads the inputs twice (a first pass finds the prompts to drop) and standard input can be read only once; save it to a file, or use first")
        }
        if conflicts == .drop && images.mode.preparesLocal {
            throw Recipe(origin: recipe.origin(of: .conflicts, overriddenBy: flags)).failure(.conflicts,
                "drop compares prompts as read in a first pass, and --image-mode \(images.mode.rawValue) changes the pictures in them before the second; use first, or --image-mode url")
        }
        // The answer is checked on the record: no row may skip it through the byte lane.
        if answerJSON { useFastLane = false }
        // A validation fraction of 1 or more would leave nothing to train on (a count is checked once the
        // records are known, in the sink).
        if case .fraction(let fraction)? = validation, fraction >= 1 {
            throw Recipe(origin: recipe.origin(of: .validation, overriddenBy: flags)).failure(.validation,
                "\(fraction) would put every record in validation and none in train; give a fraction under 1 (such as 0.1) or a count")
        }
        try applyModel(merged, recipe: recipe, flags: flags)
        if let text = merged.groupBy {
            do {
                groupBy = try FieldTemplate(text)
            } catch {
                throw Recipe(origin: recipe.origin(of: .groupBy, overriddenBy: flags)).failure(.groupBy, "is not a valid template: \(error.message)")
            }
            useFastLane = false
        }
        try applyScreening(merged, recipe: recipe, flags: flags)
    }

    /// `blocklist` (read now: an unreadable file or an invalid `re:` line stops the run, naming the line) and
    /// `drop_flagged`.
    private mutating func applyScreening(_ merged: Recipe, recipe: Recipe, flags: Recipe) throws(RecipeError) {
        if let path = merged.blocklist {
            do {
                blocklist = try Blocklist(path: path)
            } catch {
                throw Recipe(origin: recipe.origin(of: .blocklist, overriddenBy: flags)).failure(.blocklist, "\(path): \(error)")
            }
        }
        if let text = merged.dropFlagged, case .success(let codes) = LintRegistry.dropCodes(text) { dropFlagged = codes }
    }

    /// `model`, `method` and `tokenizer`: an unknown model lists the known ones; the model's image billing
    /// replaces the profile's.
    private mutating func applyModel(_ merged: Recipe, recipe: Recipe, flags: Recipe) throws(RecipeError) {
        func fail(_ key: Recipe.Key, _ message: String) -> RecipeError {
            Recipe(origin: recipe.origin(of: key, overriddenBy: flags)).failure(key, message)
        }
        if let name = merged.model {
            guard let found = ModelCatalog.builtIn.model(named: name) else {
                throw fail(.model, "'\(name)' is not a fine-tunable model of the platform; known: \(Recipe.Key.model.accepted)")
            }
            model = found
            profile = found.billingImages(in: profile)
        } else if merged.method != nil {
            throw fail(.method, "needs --model (the method is checked against a model)")
        }
        method = merged.method
        if let path = merged.tokenizer {
            do {
                tokenizer = try Tokenizer(path: path)
            } catch {
                throw fail(.tokenizer, "\(error)")
            }
        }
    }

    /// The `dataset_info` entry `dataset` names, read and checked here so that an unknown name or a hub entry
    /// stops the run before anything is read.
    private static func datasetEntry(_ merged: Recipe, recipe: Recipe, flags: Recipe) throws(RecipeError) -> DatasetInfo.Entry? {
        var probe = ConvertOptions(inputs: [], format: .chat)
        probe.datasetInfo = merged.datasetInfo
        probe.dataset = merged.dataset
        do {
            return try DatasetInfo.entry(for: probe)
        } catch {
            let key: Recipe.Key = merged.datasetInfo != nil && merged.dataset == nil ? .datasetInfo : .dataset
            throw RecipeError(.invalidValue, key: key, origin: recipe.origin(of: key, overriddenBy: flags), message: error.message)
        }
    }
}

extension Recipe {
    /// The picture preparation this recipe describes (size rule, background, JPEG settings, byte budget
    /// `max_image_bytes`, input pixel limit), over `ImageOptions`' defaults. Call ``validate()`` first.
    public func imageOptions() -> ImageOptions {
        var options = ImageOptions()
        if let maxSide { options.resize = .fit(maxSide: maxSide) }
        if let maxPixels { options.resize = .maxPixels(maxPixels) }
        if let crop { options.resize = .crop(width: crop.width, height: crop.height) }
        if let pad { options.resize = .pad(width: pad.width, height: pad.height) }
        options.upscale = upscale ?? false
        options.linearLight = linearLight ?? false
        options.acceptTruncated = acceptTruncated ?? false
        if let background { options.background = background }
        if let quality { options.quality = quality }
        if let minQuality { options.minimumQuality = minQuality }
        if let subsampling { options.subsampling = subsampling }
        if let maxInputPixels { options.maxInputPixels = maxInputPixels }
        if let maxImageBytes { options.maxBytes = maxImageBytes }
        return options
    }
}
