// swift-tools-version:6.0
import PackageDescription

// The layers, each a target that sees only the ones below it:
//
//   DirqModel      values, attribute types, schema, the column store of objects, key columns,
//                  comparison rules, and the loaders that fill snapshots
//   DirqSyntax     lexer, parser, AST (whose literals are model values), printer, keywords, diagnostic ids
//   DirqEngine     binder, plan, one operator per file, evaluator, the catalogue of sources, sync matching
//   Dirq           the library: session, checks, renderers (re-exports the three layers below)
//   DirqGenerator  synthetic tenants written in every export format (the CLI and the tests use it)
//   dirq           the command line;  DirqREPL  the line editor under the prompt
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
        .target(name: "DirqModel"),
        .target(name: "DirqSyntax", dependencies: ["DirqModel"]),
        // The embeddable library. No terminal code. Re-exports the layers below it.
        .target(name: "DirqEngine", dependencies: ["DirqModel", "DirqSyntax"]),
        .target(name: "Dirq", dependencies: ["DirqModel", "DirqSyntax", "DirqEngine"]),
        .target(name: "DirqGenerator", dependencies: ["DirqModel"]),
        // The thin command line over the library's public API.
        .executableTarget(
            name: "dirq",
            dependencies: ["Dirq", "DirqGenerator", "DirqREPL", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Examples/Embedding: how a program embeds the library (a test builds and runs it).
        .executableTarget(name: "dirq-embed-example", dependencies: ["Dirq"], path: "Examples/Embedding"),
        .testTarget(
            name: "DirqTests",
            dependencies: ["Dirq", "DirqGenerator", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        // libedit (BSD editline), the line editor under the interactive prompt.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The interactive prompt: line editing, completion glue, history file, Ctrl-C handling.
        // Talks to the language only through the PromptEngine protocol.
        .target(name: "DirqREPL", dependencies: ["CEditLine"]),
        // Test fixture: a toy engine behind the real prompt, so the terminal layer can be tested on its own.
        .executableTarget(name: "dirq-repl-demo", dependencies: ["DirqREPL"], path: "Tests/Fixtures/dirq-repl-demo"),
        .testTarget(name: "DirqREPLTests", dependencies: ["DirqREPL"]),
    ]
)
