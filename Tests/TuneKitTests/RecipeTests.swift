import Foundation
import Testing
import TuneKitImages
@testable import TuneKit

/// Recipes: typed keys read from YAML, flags laid over a recipe file, errors naming the flag or the key, and
/// the built-in copies of `Templates/` and `Converters/`.
@Suite struct RecipeTests {
    /// Every key's text form parses back to the same value, and the whole recipe survives a Codable round trip.
    @Test func everyKeyRoundTrips() throws {
        let recipe = try Recipe.parse("""
            description: all keys
            to: tools
            from: xlsx
            output: out-dir
            system: s
            user: "{{q}}"
            assistant: "{{a}}"
            category: "{{c}}"
            reasoning: r
            chosen: c
            rejected: x
            prompt: p
            image: "{{img}}"
            call_name: n
            call_arguments: "{}"
            tool_result: t
            tools: defs.json
            profile: p.json
            sheet: 商品
            header_row: 3
            fill_merged: false
            skip_hidden_rows: true
            skip_hidden_columns: true
            dedup: near
            near_threshold: 0.7
            validation: 10%
            seed: 9
            strict: true
            redact: true
            encoding: gbk
            delimiter: tab
            speaker: 张三=user,机器人=skip
            me: 小美
            session_gap: 2h
            max_turns: 4
            keep_edges: true
            allow_unused: true
            image_mode: base64
            image_root: photos
            max_image_bytes: 1M
            max_side: 512
            crop: 64x32
            upscale: true
            linear_light: true
            background: "#102030"
            quality: 90
            min_quality: 50
            subsampling: "4:4:4"
            max_input_pixels: 1000
            accept_truncated: true
            jobs: 2
            sample: sample.csv
            dataset_info: data/dataset_info.json
            dataset: support_sharegpt
            date_order: mdy
            keep_placeholders: true
            group_chat: true
            display_text: true
            image_out: prepared
            image_base_url: https://cdn.example.com/p
            zip_entry_limit: 3G
            answer_json: true
            model: glm-4-flash
            method: lora
            tokenizer: glm-4/tokenizer.model
            conflicts: first
            against: eval.jsonl, more.jsonl
            dedup_on: user
            clusters: clusters.jsonl
            group_by: "{{客户}}"
            blocklist: blocked.txt
            drop_flagged: lint.refusal,lint.cut_off
            shared_strings_limit: 512M
            zip_total_limit: 16G
            max_line_bytes: 64M
            """, origin: .file("all.yaml"))
        #expect(recipe.conflicts == .first)
        #expect(recipe.givenKeys.count == Recipe.Key.allCases.count - 3)  // max_pixels and pad exclude crop, sheet_index sheet
        #expect(recipe.format == .tools && recipe.inputKind == .xlsx && recipe.sheet == .name("商品"))
        #expect(recipe.validation == .fraction(0.1) && recipe.seed == 9 && recipe.delimiter == 0x09)
        #expect(recipe.encoding == TextEncoding(name: "gbk") && recipe.dedup == .near && recipe.fillMerged == false)
        #expect(recipe.speakers == [.init(name: "张三", role: .user), .init(name: "机器人", role: nil)])
        #expect(recipe.sessionGap == .seconds(7200) && recipe.maxImageBytes == 1_048_576)
        #expect(recipe.crop == Recipe.Size(width: 64, height: 32))
        #expect(recipe.imageOut == "prepared" && recipe.imageBaseURL == "https://cdn.example.com/p")
        #expect(recipe.dateOrder == .mdy)
        #expect(recipe.background == RGBColor(red: 0x10, green: 0x20, blue: 0x30) && recipe.subsampling == .s444)

        var reparsed = Recipe(origin: recipe.origin)
        for key in recipe.givenKeys { try reparsed.set(key, text: recipe.text(for: key)!) }
        #expect(reparsed == recipe)

        let json = try JSONEncoder().encode(recipe)
        let decoder = JSONDecoder()
        decoder.userInfo[Recipe.originUserInfoKey] = Recipe.Origin.file("all.yaml")
        #expect(try decoder.decode(Recipe.self, from: json) == recipe)
    }

    /// A value a key does not take is refused naming the file and key, or the flag, and what is accepted.
    @Test(arguments: [
        ("dedup", "fuzzy", "dedup takes exact, near or none, not 'fuzzy'", "--dedup takes exact, near or none"),
        ("validation", "2.5", "validation takes a fraction (0.1, 10%) or a whole count (50), not '2.5'", "--validation takes"),
        ("to", "sft", "unknown format 'sft' for to; this version writes: chat, tools", "unknown format 'sft' for --to"),
        ("session_gap", "soon", "session_gap takes a duration such as 30m", "--session-gap takes"),
        ("max_image_bytes", "lots", "max_image_bytes takes a size in bytes", "--max-image-bytes takes"),
        ("fill_merged", "yes", "fill_merged takes true or false, not 'yes'", "--no-fill-merged takes"),
        ("seed", "-1", "seed takes a whole number, not '-1'", "--seed takes a whole number"),
        ("crop", "16", "crop takes WIDTHxHEIGHT such as 512x512, not '16'", "--crop takes"),
        ("encoding", "klingon", "unknown encoding 'klingon' for encoding", "unknown encoding 'klingon' for --encoding"),
        ("speaker", "boss", "speaker takes NAME=user, NAME=assistant or NAME=skip, not 'boss'", "--speaker takes"),
    ])
    func badValuesNameTheKeyOrFlag(key: String, value: String, fileMessage: String, flagMessage: String) throws {
        do {
            _ = try Recipe.parse("\(key): \"\(value)\"", origin: .file("r.yaml"))
            Issue.record("accepted \(key): \(value)")
        } catch {
            #expect(error.description.hasPrefix("r.yaml: \(fileMessage)"), "\(error)")
            #expect(error.key == Recipe.Key(rawValue: key))
        }
        let flag = Recipe.Key(rawValue: key)!
        #expect(throws: RecipeError.self) { try Recipe(text: [flag: value]) }
        do {
            _ = try Recipe(text: [flag: value])
        } catch {
            #expect(error.description.hasPrefix(flagMessage), "\(error)")
        }
    }

    /// Numbers out of range are refused when options are made, naming where the value came from.
    @Test func rangesAreCheckedForFilesAndFlags() throws {
        #expect(throws: RecipeError.self) { try Recipe.parse("quality: 0") }
        var flags = Recipe()
        flags.maxTurns = 0
        do {
            _ = try ConvertOptions(inputs: ["a.csv"], overriding: flags)
            Issue.record("max_turns 0 accepted")
        } catch {
            #expect(error.description == "--max-turns takes a number from 1")
        }
        flags = Recipe()
        flags.crop = .init(width: 8, height: 8)
        flags.pad = .init(width: 9, height: 9)
        #expect(throws: RecipeError.self) { try ConvertOptions(inputs: ["a.csv"], overriding: flags) }
        #expect(throws: RecipeError.self) { try ConvertOptions(inputs: [], overriding: Recipe()) }
    }

    /// A key without a value, or with a list or mapping where text belongs, is refused rather than read as text.
    @Test(arguments: ["system:", "system: null", "seed: ~", "user: {a: 1}", "to: [chat]"])
    func valuesThatAreNotTextAreRefused(yaml: String) {
        #expect(throws: RecipeError.self) { try Recipe.parse(yaml) }
    }

    /// Speakers may be one text, a list or a mapping.
    @Test func speakersTakeTextListsAndMappings() throws {
        let expected: [Recipe.Speaker] = [.init(name: "客服", role: .assistant), .init(name: "张三", role: .user)]
        #expect(try Recipe.parse("speaker: 客服=assistant,张三=user").speakers == expected)
        #expect(try Recipe.parse("speaker: [客服=assistant, 张三=user]").speakers == expected)
        #expect(try Recipe.parse("speaker: {张三: user}").speakers == [.init(name: "张三", role: .user)])
    }

    @Test func unknownKeysAreRefusedNamingTheKnownOnes() {
        do {
            _ = try Recipe.parse("usr: x", origin: .file("faq.yaml"))
            Issue.record("unknown key accepted")
        } catch {
            #expect(error.problem == .unknownKey)
            #expect(error.description.hasPrefix("faq.yaml: unknown key 'usr' (known: accept_truncated, against, allow_unused, answer_json, assistant, background,"), "\(error)")
        }
    }

    /// Flags win key by key; what neither gives keeps its default.
    @Test func flagsOverrideTheRecipe() throws {
        let recipe = try Recipe.parse("""
            to: vision
            user: "{{问题}}"
            dedup: near
            validation: 0.1
            fill_merged: false
            speaker: 甲=user
            max_pixels: 4000
            image_mode: base64
            """)
        var flags = Recipe()
        flags.dedup = ConvertOptions.DedupMode.none
        flags.seed = 7
        flags.crop = .init(width: 64, height: 64)
        try flags.addSpeaker("乙=assistant")
        let options = try ConvertOptions(inputs: ["a.csv"], recipe: recipe, overriding: flags)
        #expect(options.format == .vision)
        #expect(options.dedup == ConvertOptions.DedupMode.none)
        #expect(options.validation == .fraction(0.1))
        #expect(options.seed == 7)
        #expect(options.sheet.fillMergedCells == false)
        #expect(options.chatLog.speakers == ["乙": .some(.assistant)])
        #expect(options.images.mode == .base64)
        #expect(options.images.image.resize == .crop(width: 64, height: 64))
        #expect(options.mapping[.user] != nil && options.mapping[.assistant] == nil)

        let defaults = try ConvertOptions(inputs: ["a.csv"], recipe: Recipe(), overriding: Recipe())
        #expect(defaults.format == .chat && defaults.dedup == .exact && defaults.seed == 42 && defaults.validation == nil)
        #expect(defaults.outputDirectory == "out" && defaults.sheet.fillMergedCells && defaults.chatLog.trimEdges)
        #expect(defaults.chatLog.sessionGap == 30 * 60 && defaults.images.mode == .url)
    }

    /// A file a recipe names is read relative to the working folder; a missing one is an error naming the key.
    @Test func filesARecipeNamesAreRead() throws {
        let recipe = try Recipe.parse("tools: /nonexistent/defs.json", origin: .file("r.yaml"))
        do {
            _ = try ConvertOptions(inputs: ["a.csv"], recipe: recipe)
            Issue.record("missing tools file accepted")
        } catch {
            #expect(error.description.hasPrefix("r.yaml: tools "), "\(error)")
        }
        let tools = try Recipe.parse("to: tools\ntools: \(Fixture.path("formats/tools.json"))")
        #expect(try ConvertOptions(inputs: ["a.csv"], recipe: tools).mapping.tools.isEmpty == false)
    }

    /// The built-in files are exactly the package's `Templates/` and `Converters/*/converter.yaml`.
    @Test func builtInFilesMatchTheFolders() throws {
        let root = Fixture.repositoryRoot
        let manager = FileManager.default
        var expected: [String] = try manager.contentsOfDirectory(atPath: root.appendingPathComponent("Templates").path)
            .filter { !$0.hasPrefix(".") }.map { "Templates/" + $0 }
        for name in try manager.contentsOfDirectory(atPath: root.appendingPathComponent("Converters").path) {
            let path = "Converters/\(name)/converter.yaml"
            if manager.fileExists(atPath: root.appendingPathComponent(path).path) { expected.append(path) }
        }
        #expect(BundledResources.paths == expected.sorted())
        for path in expected {
            let disk = try Data(contentsOf: root.appendingPathComponent(path))
            #expect(BundledResources.files[path] == Array(disk), "\(path)")
        }
        #expect(BundledResources.recipeNames == ["answer-ratings", "api-call-logs", "contract-extraction", "customer-service-faq",
                                                 "customer-service-transcript", "product-catalog", "product-photos",
                                                 "product-workbook-image-gen", "product-workbook-vision", "support-tickets"])
    }

    /// Each built-in recipe loads by name with no folder and gives the options its keys say.
    @Test func builtInRecipesLoadByName() throws {
        let empty = Fixture.temporaryDirectory()
        for name in BundledResources.recipeNames {
            let recipe = try Recipe.load(nameOrPath: name, environment: [:])
            #expect(recipe.origin == .bundled(name))
            #expect(recipe.description != nil)
            #expect(recipe.tools == nil && recipe.profile == nil && recipe.imageRoot == nil, "\(name) names a file")
        }
        let photos = try ConvertOptions(inputs: ["a.csv"], recipe: Recipe.load(nameOrPath: "product-photos", environment: [:]))
        #expect(photos.format == .vision && photos.images.mode == .base64)
        #expect(photos.images.image.resize == .fit(maxSide: 1024) && photos.images.image.maxBytes == 1_048_576)
        // A folder given wins; a recipe it lacks comes from the built-in set; a folder that is not there is an error.
        try "to: dpo\n".write(toFile: empty + "/customer-service-faq.yaml", atomically: true, encoding: .utf8)
        #expect(try Recipe.load(nameOrPath: "customer-service-faq", folder: empty).format == .dpo)
        #expect(try Recipe.load(nameOrPath: "customer-service-faq", environment: ["TUNEKIT_CONVERTERS": empty]).format == .dpo)
        #expect(try Recipe.load(nameOrPath: "product-catalog", folder: empty).origin == .bundled("product-catalog"))
        #expect(throws: RecipeError.self) { try Recipe.load(nameOrPath: "product-catalog", folder: empty + "/missing") }
        #expect(throws: RecipeError.self) { try Recipe.load(nameOrPath: "no-such-recipe", environment: [:]) }
    }

    /// Templates come from a given folder first, file by file, then from the built-in set.
    @Test func templatesComeFromTheFolderThenBuiltIn() throws {
        let folder = Fixture.temporaryDirectory()
        try "user,assistant\n".write(toFile: folder + "/tools.csv", atomically: true, encoding: .utf8)
        let files = try TemplateFiles(folder: folder).files(for: .tools)
        #expect(files?.map(\.name) == ["tools.csv", "tools.json"])
        #expect(files?[0].bytes == Array("user,assistant\n".utf8) && files?[1].source == "built in")
        let builtIn = try TemplateFiles(environment: [:]).files(for: .chat)
        #expect(builtIn?.first?.bytes == BundledResources.files["Templates/chat.csv"])
        #expect(throws: RecipeError.self) { try TemplateFiles(folder: folder + "/missing") }
    }
}

/// Size rules that would make pictures too large to allocate are refused before any picture is read.
@Suite("Picture size rules within bounds")
struct OutputSizeRuleTests {
    @Test(arguments: [
        ("pad: 60000x60000", "r.yaml: pad 60000x60000 makes pictures of 3600000000 pixels, over the 100000000"),
        ("crop: 100000x100000\nupscale: true", "r.yaml: crop 100000x100000 asks for a side over 65500 pixels"),
        ("pad: 9223372036854775807x2", "r.yaml: pad 9223372036854775807x2 asks for a side over 65500 pixels"),
        ("max_side: 20000\nupscale: true", "r.yaml: max_side 20000 with upscale makes pictures of 400000000 pixels"),
        ("max_pixels: 200000000\nupscale: true", "r.yaml: max_pixels 200000000 with upscale makes pictures over the 100000000"),
        ("pad: 20000x20000\nmax_input_pixels: 300000000", "r.yaml: pad 20000x20000 makes pictures of 400000000 pixels, over the 300000000"),
    ])
    func oversizedRulesAreRefused(recipe: String, message: String) throws {
        do {
            _ = try Recipe.parse(recipe, origin: .file("r.yaml"))
            Issue.record("accepted \(recipe)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
            #expect(error.description.contains("max_input_pixels raises it") || error.description.contains("JPEG"))
        }
    }

    @Test(arguments: ["pad: 1024x1024", "crop: 512x512\nupscale: true", "max_side: 20000", "max_side: 8000\nupscale: true",
                      "pad: 20000x20000\nmax_input_pixels: 400000000", "pad: 1024x1024\nmax_input_pixels: 1000"])
    func ordinaryRulesPass(recipe: String) throws {
        try Recipe.parse(recipe).validate()
    }
}
