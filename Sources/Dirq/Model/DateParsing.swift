import Foundation

/// Placeholder until the JSON loader's date recognition lands (kept minimal on purpose).
public enum DateParsing {
    public static func parse(_ s: String) -> Double? {
        let f = ISO8601DateFormatter()
        return f.date(from: s)?.timeIntervalSince1970
    }
}
