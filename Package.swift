// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dirq",
    products: [
        .library(name: "Dirq", targets: ["Dirq"]),
        .executable(name: "dirq", targets: ["dirq"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Tests only: property-based checks with Swift Testing (Tests/DirqTests/Properties).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The embeddable engine: syntax, model, loaders, evaluator, checks, renderers. No terminal code.
        .target(name: "Dirq"),
        // The thin command line over the library's public API.
        .executableTarget(
            name: "dirq",
            dependencies: ["Dirq", "DirqREPL", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Examples/Embedding: how a program embeds the library (a test builds and runs it).
        .executableTarget(name: "dirq-embed-example", dependencies: ["Dirq"], path: "Examples/Embedding"),
        .testTarget(
            name: "DirqTests",
            dependencies: ["Dirq", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        // libedit (BSD editline), the line editor under the interactive prompt.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The interactive prompt: line editing, completion glue, history file, Ctrl-C handling.
        // Talks to the language only through the PromptEngine protocol.
        .target(name: "DirqREPL", dependencies: ["CEditLine"]),
        // A toy engine behind the real prompt, so the terminal layer can be tested on its own.
        .executableTarget(name: "dirq-repl-demo", dependencies: ["DirqREPL"]),
        .testTarget(name: "DirqREPLTests", dependencies: ["DirqREPL"]),
    ]
)
