@testable import Dirq

/// Tests write dates as unix seconds (`.date(1_714_557_600)`, `.date(1_704_067_200.5)`).
extension DirDate: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(integerLiteral seconds: Int64) { self.init(ticks: seconds * DirDate.ticksPerSecond) }
    public init(floatLiteral seconds: Double) { self.init(seconds: seconds) }
}
