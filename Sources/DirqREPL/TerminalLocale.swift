#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the C library decode and encode UTF-8, whatever locale the user has.
///
/// libedit reads keys with mbrtowc() and hands lines back with wcrtomb(): in the default "C"
/// locale (what a process starts in, and what many containers and ssh sessions give) a
/// typed `ï` (C3 AF) would be two junk characters. We take the user's LC_CTYPE and fall back
/// to C.UTF-8 when it is not UTF-8.
///
/// Only LC_CTYPE is changed, not LC_ALL: the prompt needs character classification and
/// width, while LC_NUMERIC/LC_TIME would make any C-level number or date formatting in the
/// engine depend on the user's locale (a decimal comma in a CSV export).
enum TerminalLocale {
    /// Sets LC_CTYPE as described above; returns the LC_CTYPE locale name in effect and
    /// whether it encodes UTF-8.
    @discardableResult
    static func ensureUTF8() -> (name: String, isUTF8: Bool) {
        _ = setlocale(LC_CTYPE, "")
        if !isUTF8 {
            for candidate in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, candidate) != nil {
                if isUTF8 { break }
            }
        }
        let name = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "?"
        return (name, isUTF8)
    }

    /// True when the current LC_CTYPE's character set is UTF-8.
    static var isUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased().filter { $0 != "-" && $0 != "_" }
        return name == "UTF8"
    }
}
