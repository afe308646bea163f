import CLibFuzzer
#if canImport(Glibc)
import Glibc
#endif

extension FuzzSupport {
    /// Hands control to libFuzzer with `callback` as the target. Called from each target's
    /// top-level code: SwiftPM makes a `main.swift` the program's `main` (it links ELF
    /// executables with `--defsym main=<target>_main`), which takes precedence over libFuzzer's
    /// own `main`, so the target starts libFuzzer's driver itself.
    public static func run(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv, callback)
        exit(status)
    }

    /// A valid pointer for an empty input, should libFuzzer pass none.
    nonisolated(unsafe) public static let empty = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))
}
