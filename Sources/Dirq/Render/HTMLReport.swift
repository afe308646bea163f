import Foundation
import DirqModel
import DirqSyntax
import DirqEngine

/// `report "file.html"`: one self-contained page to attach to a ticket — the snapshots and when
/// they were exported, a chart of findings per check and severity, a sortable, filterable table
/// per check, the lesson per check, each object's `explain` text, and the fix script.
///
/// Everything is inline (CSS, JS, SVG) and a Content-Security-Policy forbids every fetch, so the
/// page works offline and a value can never load anything. Every value from an export is
/// HTML-escaped (`escape`): a displayName `<img src=x onerror=…>` shows as text. The script reads
/// only the DOM (no data is embedded in JavaScript). A URL fragment `#selftest=CHECK:TEXT`
/// applies TEXT as CHECK's filter and writes the visible row count into `#selftest-result`, so a
/// headless browser's `--dump-dom` shows whether filtering works.
public struct HTMLReport {
    public struct SnapshotInfo: Sendable {
        public var name: String
        public var side: String
        public var format: String
        public var path: String
        public var objects: Int
        /// The file's modification time (ISO 8601, UTC), when the file is still there.
        public var fileTime: String?
        /// The newest whenChanged / whenCreated / onPremisesLastSyncDateTime / createdDateTime in it.
        public var newestChange: String?
    }

    public struct CheckSection: Sendable {
        public var name: String
        public var title: String
        public var severity: String
        public var reported: String
        public var explanation: String
        public var fix: String
        public var rows: [[String]]  // snapshot, object, attribute, value, detail
        public var skipped: String?
    }

    public var title: String
    public var generated: String
    public var snapshots: [SnapshotInfo]
    public var checks: [CheckSection]
    /// Object identity → its `explain` text.
    public var explanations: [(object: String, text: String)]
    public var fixScript: String

    /// `&`, `<`, `>`, `"` and `'` as entities: safe in text and in quoted attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// An id for an element from any text (letters, digits and '-' kept, the rest as code points).
    static func anchorID(_ prefix: String, _ s: String) -> String {
        var out = prefix + "-"
        for c in s.unicodeScalars {
            if (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))) || c == "-" { out.unicodeScalars.append(c) } else { out += "_\(String(c.value, radix: 16))" }
        }
        return out
    }

    public func render() -> String {
        let e = Self.escape
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>\(Self.css)</style></head><body>
            <header><h1>\(e(title))</h1><p class="meta">Made by dirq \(e(generated)). dirq reads exports only; it changed nothing in any directory.</p></header>

            """
        // Snapshots.
        h += "<section id=\"snapshots\"><h2>Snapshots</h2><table class=\"plain\"><thead><tr><th>name</th><th>side</th><th>format</th><th>objects</th><th>file</th><th>file time (UTC)</th><th>newest change in it</th></tr></thead><tbody>\n"
        for s in snapshots {
            h += "<tr><td>\(e(s.name))</td><td>\(e(s.side))</td><td>\(e(s.format))</td><td class=\"num\">\(s.objects)</td><td>\(e(s.path))</td><td>\(e(s.fileTime ?? "—"))</td><td>\(e(s.newestChange ?? "—"))</td></tr>\n"
        }
        h += "</tbody></table></section>\n"
        // Summary and chart.
        let total = checks.reduce(0) { $0 + $1.rows.count }
        h += "<section id=\"summary\"><h2>Findings: <span id=\"total-count\">\(total)</span></h2>\n"
        h += chart()
        h += "<table class=\"plain\" id=\"summary-table\"><thead><tr><th>check</th><th>severity</th><th>findings</th><th>what an administrator sees</th></tr></thead><tbody>\n"
        for c in checks {
            let count = c.skipped == nil ? "<span class=\"count\" id=\"\(Self.anchorID("count", c.name))\">\(c.rows.count)</span>" : "skipped"
            let name = c.rows.isEmpty ? e(c.name) : "<a href=\"#\(Self.anchorID("check", c.name))\">\(e(c.name))</a>"
            h += "<tr><td>\(name)</td><td class=\"sev-\(e(c.severity))\">\(e(c.severity))</td><td class=\"num\">\(count)</td><td>\(e(c.skipped ?? c.reported))</td></tr>\n"
        }
        h += "</tbody></table></section>\n"
        // One section per check with findings.
        let objectIDs = Dictionary(explanations.enumerated().map { ($1.object, "obj-\($0 + 1)") }, uniquingKeysWith: { a, _ in a })
        for c in checks where !c.rows.isEmpty {
            let id = Self.anchorID("check", c.name)
            h += """
                <section class="check" id="\(id)" data-check="\(e(c.name))">
                <h2>\(e(c.name)) <span class="badge sev-\(e(c.severity))">\(e(c.severity))</span> <span class="n">\(c.rows.count) finding\(c.rows.count == 1 ? "" : "s")</span></h2>
                <p class="title">\(e(c.title)) — <em>\(e(c.reported))</em></p>
                <details class="lesson"><summary>Lesson: what it means and how to fix it</summary><p>\(e(c.explanation))</p><p><strong>Fix:</strong> \(e(c.fix))</p></details>
                <p class="filter">Filter: <input type="search" class="filter-input" data-check="\(e(c.name))" aria-label="filter \(e(c.name))"> <span class="shown"></span></p>
                <table class="findings" data-check="\(e(c.name))"><thead><tr><th>snapshot</th><th>object</th><th>attribute</th><th>value</th><th>detail</th></tr></thead><tbody>

                """
            for r in c.rows {
                var cells = r.map { "<td>\(e($0))</td>" }
                if r.count > 1, let oid = objectIDs[r[1]] {
                    cells[1] = "<td><a href=\"#\(oid)\">\(e(r[1]))</a></td>"
                }
                h += "<tr>" + cells.joined() + "</tr>\n"
            }
            h += "</tbody></table></section>\n"
        }
        // Explanations.
        if !explanations.isEmpty {
            h += "<section id=\"objects\"><h2>Objects (explain)</h2>\n"
            for (i, x) in explanations.enumerated() {
                h += "<section class=\"object\" id=\"obj-\(i + 1)\"><h3>\(e(x.object))</h3><pre>\(e(x.text))</pre></section>\n"
            }
            h += "</section>\n"
        }
        h += "<section id=\"fix\"><h2>Fix script (PowerShell, for review — dirq never runs it)</h2><pre class=\"script\">\(e(fixScript))</pre></section>\n"
        h += "<div id=\"selftest-result\" hidden></div>\n<script>\(Self.js)</script>\n</body></html>\n"
        return h
    }

    /// Findings per check as horizontal bars, coloured by severity.
    func chart() -> String {
        let shown = checks.filter { $0.skipped == nil }
        let maxCount = max(1, shown.map(\.rows.count).max() ?? 1)
        let rowH = 22, labelW = 190, barW = 420
        let height = shown.count * rowH + 30
        var s = "<svg id=\"chart\" role=\"img\" aria-label=\"findings per check\" width=\"\(labelW + barW + 60)\" height=\"\(height)\" viewBox=\"0 0 \(labelW + barW + 60) \(height)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (i, c) in shown.enumerated() {
            let y = i * rowH + 4
            let w = c.rows.isEmpty ? 0 : max(2, c.rows.count * barW / maxCount)
            s += "<text x=\"\(labelW - 6)\" y=\"\(y + 14)\" text-anchor=\"end\" class=\"lbl\">\(Self.escape(c.name))</text>"
            s += "<rect x=\"\(labelW)\" y=\"\(y + 2)\" width=\"\(w)\" height=\"\(rowH - 6)\" class=\"bar-\(Self.escape(c.severity))\"><title>\(Self.escape(c.name)): \(c.rows.count) (\(Self.escape(c.severity)))</title></rect>"
            s += "<text x=\"\(labelW + w + 6)\" y=\"\(y + 14)\" class=\"val\">\(c.rows.count)</text>\n"
        }
        let ly = shown.count * rowH + 18
        s += "<rect x=\"\(labelW)\" y=\"\(ly - 10)\" width=\"12\" height=\"12\" class=\"bar-error\"/><text x=\"\(labelW + 16)\" y=\"\(ly)\" class=\"lbl\">error</text>"
        s += "<rect x=\"\(labelW + 70)\" y=\"\(ly - 10)\" width=\"12\" height=\"12\" class=\"bar-warning\"/><text x=\"\(labelW + 86)\" y=\"\(ly)\" class=\"lbl\">warning</text>"
        s += "<rect x=\"\(labelW + 160)\" y=\"\(ly - 10)\" width=\"12\" height=\"12\" class=\"bar-info\"/><text x=\"\(labelW + 176)\" y=\"\(ly)\" class=\"lbl\">info</text>\n"
        return s + "</svg>\n"
    }

    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:0 18px 40px;color:#1d2430}
        h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;margin:26px 0 8px;border-bottom:1px solid #dde3ea;padding-bottom:4px}
        .meta{color:#5a6472;margin:0}table{border-collapse:collapse;width:100%;margin:6px 0}
        th,td{border:1px solid #dde3ea;padding:3px 7px;text-align:left;vertical-align:top;word-break:break-word}
        th{background:#f1f4f8;white-space:nowrap}table.findings th{cursor:pointer;user-select:none}table.findings th:after{content:" \\2195";color:#98a2b0}
        td.num{text-align:right}.sev-error{color:#b3261e;font-weight:600}.sev-warning{color:#9a6700;font-weight:600}.sev-info{color:#3a5a8c}
        .badge{font-size:12px;border:1px solid currentColor;border-radius:9px;padding:0 7px;vertical-align:middle}
        .n{font-size:13px;color:#5a6472;font-weight:normal}.title{margin:2px 0 6px}.filter input{width:280px;padding:2px 6px}
        .shown{color:#5a6472;font-size:12px}pre{background:#f6f8fa;border:1px solid #dde3ea;padding:8px;overflow:auto;white-space:pre-wrap;font-size:12px}
        svg .lbl{font-size:12px;fill:#1d2430}svg .val{font-size:12px;fill:#5a6472}
        .bar-error{fill:#d9534f}.bar-warning{fill:#e0a800}.bar-info{fill:#5b8bd0}details.lesson{margin:4px 0 8px}
        section.object h3{font-size:14px;margin:14px 0 4px}:target{outline:2px solid #5b8bd0}
        """

    static let js = """
        (function(){
          function rows(t){return Array.prototype.slice.call(t.tBodies[0].rows);}
          function apply(input){
            var t=document.querySelector('table.findings[data-check="'+input.dataset.check+'"]');
            var q=input.value.toLowerCase(), n=0;
            rows(t).forEach(function(r){var show=r.textContent.toLowerCase().indexOf(q)>=0; r.hidden=!show; if(show)n++;});
            input.parentNode.querySelector('.shown').textContent=q?n+' of '+rows(t).length+' shown':'';
            return n;
          }
          document.querySelectorAll('input.filter-input').forEach(function(i){i.addEventListener('input',function(){apply(i);});});
          document.querySelectorAll('table.findings').forEach(function(t){
            t.tHead.querySelectorAll('th').forEach(function(th,col){
              th.addEventListener('click',function(){
                var asc=th.dataset.dir!=='asc'; th.dataset.dir=asc?'asc':'desc';
                var rs=rows(t); rs.sort(function(a,b){var x=a.cells[col].textContent,y=b.cells[col].textContent;
                  var c=x.localeCompare(y,undefined,{numeric:true,sensitivity:'base'});return asc?c:-c;});
                rs.forEach(function(r){t.tBodies[0].appendChild(r);});
              });
            });
          });
          var m=/^#selftest=([^:]+):(.*)$/.exec(location.hash);
          if(m){
            var check=decodeURIComponent(m[1]), text=decodeURIComponent(m[2]);
            var input=document.querySelector('input.filter-input[data-check="'+check+'"]');
            var out=document.getElementById('selftest-result');
            if(input){input.value=text; var n=apply(input); out.setAttribute('data-check',check); out.setAttribute('data-visible',String(n));
              out.textContent='selftest '+check+' '+JSON.stringify(text)+': '+n+' visible';}
            else{out.setAttribute('data-error','no such check');}
          }
        })();
        """
}
