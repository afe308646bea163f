/// "Did you mean …?": the closest candidate by edit distance (case-insensitive), if close enough.
package func suggest(_ word: String, among candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(w, Array(c.lowercased()))
        let limit = max(2, min(4, w.count / 3 + 1))
        if d <= limit, best == nil || d < best!.1 { best = (c, d) }
    }
    // A prefix is also a good hint (`userPrinc` → userPrincipalName).
    if best == nil, w.count >= 3 {
        best = candidates.first { $0.lowercased().hasPrefix(String(w)) }.map { ($0, 0) }
    }
    return best?.0
}

package func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
