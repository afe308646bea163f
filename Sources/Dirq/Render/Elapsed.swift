import Foundation

/// How `--timer` and `.timer on` print the time a statement took: four significant digits in
/// seconds below a second (`0.003412 s`, `0.3412 s`), three decimals from a second on
/// (`3.565 s`). At a fixed three decimals a question answered in 3.4 ms printed `0.003`, as one
/// answered in 2.6 ms does, and timings compared across sizes (the benchmark's 1 M / 100 k
/// ratio) moved with the rounding rather than with the work.
public enum Elapsed {
    public static func text(seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0.000 s" }
        guard seconds < 1 else { return String(format: "%.3f s", seconds) }
        // Zeros between the point and the first significant digit.
        var zeros = 0
        var scaled = seconds * 10
        while scaled < 1, zeros < 5 {
            scaled *= 10
            zeros += 1
        }
        return String(format: "%.\(zeros + 4)f s", seconds)
    }
}
