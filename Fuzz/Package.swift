// swift-tools-version:6.0
// libFuzzer targets for dirq. Not a dependency of anything: build and run with scripts/fuzz.sh,
// which passes `-sanitize=fuzzer,address` and `-enable-testing` to every module, so the Dirq
// library is instrumented for coverage and its internal readers can be called directly.
import PackageDescription

/// Fuzz targets: each `Sources/<name>/main.swift` defines `LLVMFuzzerTestOneInput` and, as its
/// top-level code, starts libFuzzer's driver with it (`FuzzSupport.run`).
let targets = ["parser", "ldif", "csv", "json", "xml", "query"]

let package = Package(
    name: "DirqFuzz",
    dependencies: [
        // By path: the package being fuzzed is the one this folder sits in.
        .package(name: "dirq", path: ".."),
    ],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: [.product(name: "Dirq", package: "dirq"), "CLibFuzzer"]),
    ] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "Dirq", package: "dirq"), "FuzzSupport"]
        )
    }
)
