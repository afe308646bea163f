// An example of embedding dirq: load two exports, ask a question, use the typed rows.
// Run from the package root: swift run dirq-embed-example [Examples/contoso/onprem.ldif]
import Dirq

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Examples/contoso/onprem.ldif"
let session = Session()
do {
    let snapshot = try session.load(path: path, name: "onprem")
    print("loaded \(snapshot.objects.count) objects from \(snapshot.path)")

    // A query returns a ResultTable: column names and typed values.
    let dupes = try session.query("users group by upn having count > 1")
    for row in dupes.rows {
        let upn = row[0].text, count = row[1].text
        let members = row[2].elements.map(\.text)
        print("\(upn) is held by \(count) users: \(members.joined(separator: " | "))")
    }

    // Scripts report problems as located diagnostics instead of throwing.
    let source = SourceText(name: "<embedded>", text: "users where upn endswith \".local\"")
    session.run(source) { event in
        if case .diagnostic(let d) = event { print(DiagnosticRenderer().render(d, source: source), terminator: "") }
    }
} catch let error as LoadError {
    print(error)
} catch {
    print("error: \(error)")
}
