// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "TuneKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TuneKit", targets: ["TuneKit"]),
        .library(name: "TuneKitImages", targets: ["TuneKitImages"]),
        .executable(name: "tunekit", targets: ["tunekit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Documentation only: swift package generate-documentation --target TuneKit (Sources/TuneKit/TuneKit.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Tests only: random inputs through every importer.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Thin C modules over the system libraries (Debian: libxml2-dev libpng-dev libjpeg62-turbo-dev liblcms2-dev).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CLibJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg62-turbo-dev"])]),
        // zlib: inflating the XLSX/ODS zip containers on demand (pulled a chunk at a time).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // LittleCMS 2: embedded ICC profiles of every kind (lookup-table ones too) converted to sRGB.
        .systemLibrary(name: "CLCMS2", pkgConfig: "lcms2", providers: [.apt(["liblcms2-dev"])]),
        // libjpeg reports errors with longjmp, which Swift cannot catch: whole calls live here.
        .target(name: "CJPEGShim", dependencies: ["CLibJPEG"]),
        // libpng's row API behind status codes (its errors longjmp too), for the 16-bit files.
        .target(name: "CPNGShim", dependencies: ["CLibPNG"]),
        // Small byte-level helpers Swift has no spelling for, or runs slowly in debug builds: a cache prefetch
        // hint for the duplicate table, UTF-8 character counting for the report's length histograms.
        .target(name: "CKernels"),
        // glibc allocator settings for the command line's batch work (mallopt is not in Swift's Glibc module).
        .target(name: "CAllocator"),

        .target(
            name: "TuneKit",
            dependencies: [
                "CLibXML2",
                "CKernels",
                "CZlib",
                "TuneKitImages",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The JSON Schema of report.json is documentation (the tests check every report against it).
            exclude: ["Report/report.schema.json"],
            // Templates/ and the recipes of Converters/ compiled in, so a binary copied alone still has them.
            plugins: ["EmbedResources"]
        ),
        .executableTarget(name: "tunekit-embed"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["tunekit-embed"],
                path: "Sources/EmbedResources"),
        .target(name: "TuneKitImages", dependencies: ["CLibPNG", "CPNGShim", "CJPEGShim", "CLCMS2", "CZlib"]),
        .executableTarget(
            name: "tunekit",
            dependencies: [
                "CAllocator",
                "TuneKit",
                "TuneKitImages",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tunekit-bench",
            dependencies: ["TuneKit"],
            path: "Tests/Benchmarks/Micro"
        ),
        .executableTarget(
            name: "tunekit-image-bench",
            dependencies: ["TuneKitImages"],
            path: "Tests/Benchmarks/ImageStages"
        ),
        .testTarget(
            name: "TuneKitTests",
            dependencies: [
                "TuneKit", "CLibXML2",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "TuneKitImagesTests",
            dependencies: ["TuneKitImages"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["TuneKit", "tunekit", "tunekit-fuzz"]
        ),
        // Fuzz targets for every parser (Tests/Fuzz/run.sh builds them with -sanitize=fuzzer,address -DFUZZING);
        // a normal build replays inputs through them (the regressions under Tests/Fuzz/Regressions).
        .executableTarget(
            name: "tunekit-fuzz",
            dependencies: ["TuneKit", "TuneKitImages"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
