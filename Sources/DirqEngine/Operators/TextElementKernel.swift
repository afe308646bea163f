import DirqModel

/// The `where`s and the key of `expand ATTRIBUTE as p where … group by …` run on the UTF-8 bytes
/// of each element of a text column, when they are made of what an address question is made of:
/// `p`, `p.type`, `p.address`, `=` and `!=` against a text literal, `and`, `or`, `not`. An
/// element then costs a scan for its colon, a fold into a scratch buffer and a hash of its bytes;
/// no `String`, `Value` or `GroupKey` is made. Any other expression is left to the evaluator
/// (`compile` returns nil), and the answers are the evaluator's: text equality is equality of the
/// folded keys (`FoldedTextTable.fold`), a missing part (`p.type` of text without a prefix) is
/// null, and null is equal only to the empty text.
struct TextElementKernel: Sendable {
    /// The part of an element an expression reads.
    enum Part: Equatable, Sendable {
        /// The element as written.
        case whole
        /// The proxy-address prefix before the colon (null when the element is not an address).
        case type
        /// What follows the colon and any spaces (the whole element when it is not an address).
        case address
    }

    indirect enum Test: Sendable {
        /// The part equals the literal, whose folded bytes are given.
        case equals(Part, folded: [UInt8])
        case not(Test)
        case and(Test, Test)
        case or(Test, Test)
    }

    let tests: [Test]
    let key: Part

    /// The kernel of `filters` and `key` over field `slot`, or nil when one of them reads more
    /// than the kernel runs.
    init?(filters: [BoundExpr], key: BoundExpr, slot: Int) {
        var tests: [Test] = []
        for f in filters {
            guard let t = Self.test(f, slot) else { return nil }
            tests.append(t)
        }
        guard let k = Self.part(key, slot) else { return nil }
        self.tests = tests
        self.key = k
    }

    private static func part(_ e: BoundExpr, _ slot: Int) -> Part? {
        switch e {
        case .field(let i) where i == slot: return .whole
        case .member(.field(let i), let name, _) where i == slot:
            switch name.caseFolded {
            case "type": return .type
            case "address": return .address
            default: return nil
            }
        default: return nil
        }
    }

    private static func test(_ e: BoundExpr, _ slot: Int) -> Test? {
        switch e {
        case .compare(let op, let a, let b, _) where op == .eq || op == .ne:
            let p: Part, literal: String
            if let x = part(a, slot), case .literal(.string(let s)) = b {
                (p, literal) = (x, s)
            } else if let x = part(b, slot), case .literal(.string(let s)) = a {
                (p, literal) = (x, s)
            } else {
                return nil
            }
            var folded: [UInt8] = []
            var s = literal
            s.withUTF8 { FoldedTextTable.fold($0, into: &folded) }
            let t = Test.equals(p, folded: folded)
            return op == .eq ? t : .not(t)
        case .not(let x): return test(x, slot).map(Test.not)
        case .and(let x, let y):
            guard let l = test(x, slot), let r = test(y, slot) else { return nil }
            return .and(l, r)
        case .or(let x, let y):
            guard let l = test(x, slot), let r = test(y, slot) else { return nil }
            return .or(l, r)
        default: return nil
        }
    }

    /// The bytes of `part` of `element`, or nil for null.
    static func slice(_ part: Part, of element: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        if part == .whole { return element }
        guard let (colon, start) = ProxyAddress.split(bytes: element) else { return part == .address ? element : nil }
        return part == .type ? UnsafeBufferPointer(rebasing: element[..<colon])
            : UnsafeBufferPointer(rebasing: element[start...])
    }

    /// Whether `element` passes every `where`; `scratch` holds folded bytes between calls.
    func passes(_ element: UnsafeBufferPointer<UInt8>, _ scratch: inout [UInt8]) -> Bool {
        for t in tests where !Self.run(t, element, &scratch) { return false }
        return true
    }

    private static func run(_ t: Test, _ element: UnsafeBufferPointer<UInt8>, _ scratch: inout [UInt8]) -> Bool {
        switch t {
        case .equals(let p, let literal):
            guard let s = slice(p, of: element) else { return literal.isEmpty }  // null = "" only
            // Equal texts fold to equal bytes; ASCII folds to as many bytes as it has.
            if s.count != literal.count, !s.contains(where: { $0 >= 0x80 }) { return false }
            FoldedTextTable.fold(s, into: &scratch)
            return scratch == literal
        case .not(let x): return !run(x, element, &scratch)
        case .and(let x, let y): return run(x, element, &scratch) && run(y, element, &scratch)
        case .or(let x, let y): return run(x, element, &scratch) || run(y, element, &scratch)
        }
    }
}
