import Testing
import Dirq

/// How `--timer` prints a statement's time: four significant digits below a second, three
/// decimals from a second on.
@Suite struct ElapsedTests {
    @Test(arguments: [
        (0.003412, "0.003412 s"),
        (0.0026, "0.002600 s"),
        (0.03512, "0.03512 s"),
        (0.3512, "0.3512 s"),
        (0.1, "0.1000 s"),
        (0.0000123, "0.00001230 s"),
        (0.00000012, "0.000000120 s"),
        (1.0, "1.000 s"),
        (3.5654, "3.565 s"),
        (125.25, "125.250 s"),
        (0, "0.000 s"),
        (-1, "0.000 s"),
        (Double.nan, "0.000 s"),
    ])
    func printsFourSignificantDigits(seconds: Double, expected: String) {
        #expect(Elapsed.text(seconds: seconds) == expected)
    }
}
