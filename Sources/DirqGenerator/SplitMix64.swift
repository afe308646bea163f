import DirqModel

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", 2014): the
/// generator behind Java's `SplittableRandom` and the usual seeder of xoshiro.
///
/// The tenant generator uses its own generator, not Foundation's or the standard library's,
/// because its output must be byte-identical for a seed on every machine and every Swift
/// version: `SystemRandomNumberGenerator` cannot be seeded, and the standard library does not
/// promise that `shuffle(using:)` or `random(in:using:)` keep their algorithms. Everything here
/// is integer arithmetic with wrap-around, so it is the same everywhere.
///
/// It deliberately does not conform to `RandomNumberGenerator`, so that no standard-library
/// algorithm can be used with it by accident.
package struct SplitMix64: Sendable {
    package private(set) var state: UInt64

    private static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    package init(seed: UInt64) {
        state = seed
    }

    /// An independent stream for one object: `stream` names what is generated (users, groups,
    /// the plan…) and `index` which one. Any object can then be regenerated on its own, which the
    /// planted conflicts need (a duplicate copies another object's value without storing it).
    package init(seed: UInt64, stream: UInt64, index: Int) {
        let salt = stream &* 0xD1B5_4A32_D192_ED03 ^ UInt64(truncatingIfNeeded: index) &* Self.gamma
        state = Self.mix(Self.mix(seed) ^ salt)
    }

    /// SplitMix64's output function (a variant of MurmurHash3's finaliser).
    package static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    package mutating func next() -> UInt64 {
        state &+= Self.gamma
        return Self.mix(state)
    }

    /// A number in `0..<n` (multiply-high: Lemire's method without the rejection step; the bias
    /// is below 2⁻⁴⁰ for the sizes used here and the result is deterministic).
    package mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) * 0x1p-53 < p
    }

    /// 16 random bytes shaped as a version-4 GUID in .NET `Guid.ToByteArray()` order (the order AD
    /// stores `objectGUID` in): the version nibble is the high nibble of byte 7 (Data3 is
    /// little-endian), the RFC 4122 variant bits are the top of byte 8.
    package mutating func guidBytes() -> [UInt8] {
        let a = next(), b = next()
        var out = [UInt8](repeating: 0, count: 16)
        for k in 0..<8 {
            out[k] = UInt8(truncatingIfNeeded: a >> (8 * UInt64(k)))
            out[8 + k] = UInt8(truncatingIfNeeded: b >> (8 * UInt64(k)))
        }
        out[7] = out[7] & 0x0F | 0x40
        out[8] = out[8] & 0x3F | 0x80
        return out
    }
}
