import TuneKitImages

/// A conversion recipe: the settings of one `convert` run under the same names as its flags, typed.
///
/// A recipe file is YAML whose keys are the flags' names in snake_case (`--call-name` is `call_name`,
/// `--no-fill-merged` is `fill_merged: false`); ``Recipe/load(nameOrPath:folder:environment:)`` reads one by path or by
/// name, and the bundled recipes of the package's `Converters/` folder are built in. The command line builds a
/// second recipe from its flags and ``ConvertOptions/init(inputs:recipe:overriding:)`` lays it over the file's:
/// flags given on the command line win.
///
/// ```yaml
/// description: Customer-service FAQ sheet → chat
/// to: chat
/// user: "{{问题}}"
/// assistant: "{{答案}}"
/// category: "{{类别}}"
/// validation: 0.1
/// ```
///
/// ```swift
/// let recipe = try Recipe.load(nameOrPath: "customer-service-faq")
/// var flags = Recipe(origin: .flags)
/// flags.validation = .count(50)
/// let options = try ConvertOptions(inputs: ["faq.csv"], recipe: recipe, overriding: flags)
/// let result = try ConvertJob(options: options).run()
/// ```
///
/// Every field is optional: `nil` means "not given here" (the other recipe's value, or the default).
public struct Recipe: Sendable, Equatable {
    /// Where a recipe came from; errors name its keys the way that source spells them.
    public enum Origin: Sendable, Equatable {
        /// Command-line flags: errors name `--flag`.
        case flags
        /// A YAML file at this path: errors name the file and the key.
        case file(String)
        /// A recipe built into TuneKit, by name.
        case bundled(String)
    }

    /// A chat-log speaker's role: `user`, `assistant`, or `nil` to leave the speaker's messages out.
    public struct Speaker: Sendable, Equatable {
        public var name: String
        public var role: Role?

        /// Creates a speaker rule.
        public init(name: String, role: Role?) {
            self.name = name
            self.role = role
        }
    }

    /// When a silence in a chat log starts a new session.
    public enum SessionGap: Sendable, Equatable {
        /// After a silence of more than this many seconds.
        case seconds(Int64)
        /// Never: one session per log.
        case never
    }

    /// A picture size in pixels (`--crop`, `--pad`).
    public struct Size: Sendable, Equatable {
        public var width: Int
        public var height: Int

        /// Creates a size.
        public init(width: Int, height: Int) {
            self.width = width
            self.height = height
        }
    }

    /// Where this recipe came from (not a key).
    public var origin: Origin

    /// Free text saying what the recipe is for.
    public var description: String?
    /// `to`: the output format.
    public var format: OutputFormat?
    /// `from`: the kind of every input.
    public var inputKind: ConvertOptions.InputKind?
    /// `output`: the output folder, or `-` for standard output.
    public var output: String?

    /// Templates (Mustache over the input's columns) of each field.
    public var system: String?
    public var user: String?
    public var assistant: String?
    public var category: String?
    public var reasoning: String?
    public var chosen: String?
    public var rejected: String?
    public var prompt: String?
    public var image: String?
    public var callName: String?
    public var callArguments: String?
    public var toolResult: String?
    /// `tools`: the file of function definitions (a JSON array), relative to the working folder.
    public var tools: String?
    /// `profile`: a platform profile (JSON) instead of the built-in BigModel limits.
    public var profile: String?

    /// Workbooks: the sheet to read, the header row, merged cells and hidden rows and columns.
    public var sheet: SheetOptions.Selector?
    public var headerRow: Int?
    public var fillMerged: Bool?
    public var skipHiddenRows: Bool?
    public var skipHiddenColumns: Bool?

    /// Cleaning and splitting.
    public var dedup: ConvertOptions.DedupMode?
    public var nearThreshold: Double?
    public var validation: SplitPlanner.Amount?
    public var seed: UInt64?
    public var strict: Bool?
    public var redact: Bool?

    /// Reading text: the encoding and the CSV delimiter byte (detected when `nil`).
    public var encoding: TextEncoding?
    public var delimiter: UInt8?

    /// Chat logs: speaker roles (in order; a later rule for a name wins), the answering speaker, sessions,
    /// windows and edges.
    public var speakers: [Speaker]?
    public var me: String?
    public var sessionGap: SessionGap?
    public var maxTurns: Int?
    public var keepEdges: Bool?

    /// Images: URLs or inlined pictures, where local paths resolve (relative to the working folder), and how
    /// pictures are prepared.
    public var imageMode: ImageEmbedding.Mode?
    public var imageRoot: String?
    public var maxImageBytes: Int?
    public var maxSide: Int?
    public var maxPixels: Int?
    public var crop: Size?
    public var pad: Size?
    public var upscale: Bool?
    public var linearLight: Bool?
    public var background: RGBColor?
    public var quality: Int?
    public var minQuality: Int?
    public var subsampling: JPEGCodec.Subsampling?
    public var maxInputPixels: Int?
    public var jobs: Int?

    /// The sample input a bundled recipe ships with (documentation only).
    public var sample: String?

    /// An empty recipe: nothing given.
    public init(origin: Origin = .flags) {
        self.origin = origin
    }
}
