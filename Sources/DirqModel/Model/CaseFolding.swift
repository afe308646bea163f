/// Case folding as the directory compares strings, with a fast path for ASCII (nearly every
/// UPN, address and attribute name): folding allocates only when there is an upper-case letter,
/// and equality compares bytes without allocating at all.
extension String {
    /// The string with its case folded: `lowercased()`, computed byte by byte when ASCII.
    @inlinable
    public var caseFolded: String {
        let fast: String?? = utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var upper = false
            for b in bytes {
                if b >= 0x80 { return nil }
                if b &- 65 < 26 { upper = true }
            }
            if !upper { return self }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for i in 0..<bytes.count {
                    let b = bytes[i]
                    out[i] = b &- 65 < 26 ? b | 0x20 : b
                }
                return bytes.count
            }
        }
        if let f = fast, let s = f { return s }
        return lowercased()
    }

    /// Directory comparison of attribute names and of most attribute values: ignore case.
    @inlinable
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        if self == other { return true }
        let r: Bool?? = utf8.withContiguousStorageIfAvailable { a -> Bool? in
            other.utf8.withContiguousStorageIfAvailable { b -> Bool? in
                var ascii = true
                if a.count == b.count {
                    for i in 0..<a.count {
                        let x = a[i], y = b[i]
                        if x | y >= 0x80 { ascii = false; break }
                        if x == y { continue }
                        let lx = x &- 65 < 26 ? x | 0x20 : x
                        let ly = y &- 65 < 26 ? y | 0x20 : y
                        if lx != ly { return false }
                    }
                    if ascii { return true }
                } else {
                    // Different byte counts are unequal unless non-ASCII folding changes length.
                    for x in a where x >= 0x80 { ascii = false; break }
                    if ascii { for y in b where y >= 0x80 { ascii = false; break } }
                    if ascii { return false }
                }
                return nil
            } ?? nil
        }
        if let known = r, let answer = known { return answer }
        return lowercased() == other.lowercased()
    }
}
