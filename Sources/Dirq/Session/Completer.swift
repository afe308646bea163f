import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

/// Tab completion for the prompt: given the statement typed so far (up to the cursor), the word
/// being completed and the candidates that fit there — keywords that can come next, attribute
/// names (real and aliases) of the source being queried, snapshot and `let` names, functions,
/// dot-commands, and file paths inside `load "…`.
public struct Completer {
    public struct Completion: Equatable, Sendable {
        /// Byte offset in the text where the completed word starts.
        public var start: Int
        public var candidates: [String]
    }

    let session: Session
    public var dotCommands: [String]
    /// What follows a dot-command (`.mode` → auto, table, …); `.help` completes the help topics.
    public var dotArguments: [String: [String]]

    public init(session: Session, dotCommands: [String] = [], dotArguments: [String: [String]] = [:]) {
        self.session = session
        self.dotCommands = dotCommands
        self.dotArguments = dotArguments
    }

    /// Everything a statement can start with: the statements and the sources that are not names
    /// of something loaded.
    static let statementStarts = Keywords.statements + Keywords.statementSources
    static let clauseStarts = Keywords.clauseCompletions
    static let afterOperand = ["and", "or", "not", "in", "contains", "starts with", "ends with", "like", "matches",
                               "is empty", "is not empty"]

    /// Candidates for `text` (everything typed in this statement, up to the cursor).
    public func complete(_ text: String) -> Completion {
        let bytes = Array(text.utf8)
        // Inside an open string after `load`: complete a file path.
        if let path = openLoadPath(text) {
            // A file closes the string (the prompt adds no space after a quote); a directory goes on.
            let paths = filePaths(path).map { $0.hasSuffix("/") ? $0 : $0 + "\"" }
            return Completion(start: bytes.count - Array(path.utf8).count, candidates: paths)
        }
        // The word being completed: trailing name characters.
        var start = bytes.count
        while start > 0 {
            let c = bytes[start - 1]
            let isName = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80
                || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: "@") || c == UInt8(ascii: "$")
            if !isName { break }
            start -= 1
        }
        let word = String(decoding: bytes[start...], as: UTF8.self)
        let before = String(decoding: bytes[..<start], as: UTF8.self)
        // Dot-commands at the start of an entry, and their argument.
        let head = before.trimmingCharacters(in: .whitespaces)
        if head == "." && start > 0 {
            return Completion(start: start - 1, candidates: filter(dotCommands, "." + word))
        }
        if head.hasPrefix("."), !head.contains(" "), before.hasSuffix(" ") {
            // Any unique prefix names the command, as the prompt reads it (`.he mo` is `.help mo`).
            let typed = head.lowercased()
            let commands = Set(dotCommands + [".help"]).filter { $0.hasPrefix(typed) }
            guard let command = commands.contains(typed) ? typed : (commands.count == 1 ? commands.first : nil) else {
                return Completion(start: start, candidates: [])
            }
            let words = command == ".help" ? Help.topicNames() : dotArguments[command] ?? []
            return Completion(start: start, candidates: filter(words, word))
        }
        var lexer = Lexer(SourceText(name: "<completion>", text: before))
        var tokens = lexer.tokenize().dropLast()  // end of input
        // Only the current statement matters.
        if let semi = tokens.lastIndex(where: { $0.isSymbol(";") }) { tokens = tokens[(semi + 1)...] }
        let toks = Array(tokens)
        return Completion(start: start, candidates: filter(candidates(after: toks, word: word), word))
    }

    private func candidates(after toks: [Token], word: String) -> [String] {
        let sources = ["users", "groups", "contacts", "objects"] + session.snapshots.map(\.name) + session.tableNames
        guard let first = toks.first else {
            return Self.statementStarts + sources
        }
        if toks.count == 1, first.isKeyword("health") { return ["at"] }
        if first.isKeyword("diff"), toks.count <= 2 { return session.snapshots.map(\.name) }
        if first.isKeyword("match"), toks.count <= 3 {
            // match A to B
            return toks.count == 2 ? ["to"] : session.snapshots.map(\.name) + ["onprem", "cloud"]
        }
        let last = toks.last!
        // `snap.` → the kinds of that snapshot.
        if toks.count == 2, last.isSymbol("."), first.kind == .identifier {
            return ["users", "groups", "contacts", "objects"]
        }
        if first.isKeyword("use") { return toks.count == 1 ? session.snapshots.map(\.name) : [] }
        // `check`, `fix`: a check name or all; `lesson`: a check name.
        if first.isKeyword("check") || first.isKeyword("fix") || first.isKeyword("lesson") {
            return toks.count == 1 ? (first.isKeyword("lesson") ? [] : ["all"]) + Checks.all.map(\.name) : []
        }
        if first.isKeyword("report") || first.isKeyword("submit") || first.isKeyword("hint") { return [] }
        if first.isKeyword("exercise") { return toks.count == 1 ? Exercises.all.map(\.name) : [] }
        if first.isKeyword("describe") { return toks.count == 1 ? sources : [] }
        if first.isKeyword("load") {
            return toks.count >= 2 ? ["as", "side", "format", "kind", "onprem", "cloud", "ldif", "csv", "json", "user", "group", "contact"] : []
        }
        var queryToks = toks[...]
        if first.isKeyword("let") {
            guard toks.count >= 3 else { return [] }
            queryToks = toks.dropFirst(3)
            if queryToks.isEmpty { return sources }
        }
        let q = Array(queryToks)
        let sourceEnd = q.count >= 3 && q[1].isSymbol(".") ? 3 : 1
        if q.count < sourceEnd { return sources }
        let last2 = q.last!
        if last2.isKeyword("group") || last2.isKeyword("sort") || last2.isKeyword("order") { return ["by"] }
        if last2.isKeyword("starts") || last2.isKeyword("ends") { return ["with"] }
        if last2.isKeyword("is") { return ["empty", "not empty"] }
        if q.count == sourceEnd { return Self.clauseStarts + ["|"] }
        let names = attributeNames(source: Array(q.prefix(sourceEnd)))
        let expectOperand = last2.kind == .symbol && last2.text != ")"
            || (last2.kind == .identifier && (Parser.reserved.contains(last2.text.lowercased()) || last2.isKeyword("count"))
                && !last2.isKeyword("distinct") && !last2.isKeyword("desc") && !last2.isKeyword("asc")
                && !(last2.isKeyword("count") && q.count >= 2 && !q[q.count - 2].isKeyword("by") && !q[q.count - 2].isSymbol(",")))
            || last2.isKeyword("by")
        if last2.isKeyword("take") || last2.isKeyword("limit") { return [] }
        if expectOperand {
            return names + Function.allCases.map(\.rawValue) + session.variables.keys.sorted()
                + ["not", "exists", "count", "any", "all", "true", "false", "null"]
        }
        // Words that belong to the clause being typed.
        let clause = q.last { $0.kind == .identifier && Parser.clauseKeywords.contains($0.text.lowercased()) }?.text.lowercased()
        var extra: [String] = []
        switch clause {
        case "sort", "order": extra = ["asc", "desc"]
        case "group": extra = ["as", "having"]
        case "select", "expand": extra = ["as"]
        default: break
        }
        return Self.afterOperand + extra + Self.clauseStarts + ["|"]
    }

    /// Attribute names of the statement's source (real names and aliases), plus `let` table columns.
    private func attributeNames(source toks: [Token]) -> [String] {
        var snap: Snapshot? = session.current
        var kinds: Set<ObjectKind>? = nil
        let name = toks.last!.text.lowercased()
        if toks.count == 3 {
            snap = session.snapshots.first { $0.name.caseInsensitiveEquals(toks[0].text) }
        } else if let s = session.snapshots.first(where: { $0.name.caseInsensitiveEquals(name) }) {
            snap = s
        }
        if let k = Session.kindSources[name] { kinds = k }
        guard let snap else { return [] }
        let real = snap.schema.names(for: kinds)
        let aliases = AttributeCatalog.aliases.filter { _, reals in reals.contains { snap.schema.id(of: $0) != nil } }.map(\.key)
        return real + aliases.sorted() + ["object", "kind"]
    }

    private func filter(_ candidates: [String], _ prefix: String) -> [String] {
        var seen = Set<String>()
        return candidates.filter { c in
            c.lowercased().hasPrefix(prefix.lowercased()) && seen.insert(c.lowercased()).inserted
        }.sorted { $0.lowercased() < $1.lowercased() }
    }

    /// The partial path when the text ends inside `load "…`.
    private func openLoadPath(_ text: String) -> String? {
        guard let quote = text.lastIndex(where: { $0 == "\"" }) else { return nil }
        let head = text[..<quote]
        guard head.filter({ $0 == "\"" }).count % 2 == 0 else { return nil }
        let stmt = head.split(separator: ";").last.map(String.init) ?? String(head)
        guard stmt.trimmingCharacters(in: .whitespaces).lowercased().hasSuffix("load") else { return nil }
        return String(text[text.index(after: quote)...])
    }

    /// Files and directories starting with `partial` (directories end in `/`).
    func filePaths(_ partial: String) -> [String] {
        let expanded = (partial as NSString).expandingTildeInPath
        let dir: String, prefix: String
        if expanded.hasSuffix("/") {
            dir = expanded
            prefix = ""
        } else {
            dir = (expanded as NSString).deletingLastPathComponent
            prefix = (expanded as NSString).lastPathComponent
        }
        let listDir = dir.isEmpty ? "." : dir
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: listDir) else { return [] }
        let typedDir = partial.hasSuffix("/") ? partial : String(partial.dropLast(prefix.count))
        return names.filter { $0.hasPrefix(prefix) && !$0.hasPrefix(".") }.sorted().map { name in
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: (listDir as NSString).appendingPathComponent(name), isDirectory: &isDir)
            return typedDir + name + (isDir.boolValue ? "/" : "")
        }
    }
}
