/// The ASCII bytes the text readers look for, by name.
package enum Byte {
    package static let lf = UInt8(ascii: "\n")
    package static let cr = UInt8(ascii: "\r")
    package static let tab = UInt8(ascii: "\t")
    package static let space = UInt8(ascii: " ")
    package static let quote = UInt8(ascii: "\"")
    package static let apostrophe = UInt8(ascii: "'")
    package static let comma = UInt8(ascii: ",")
    package static let semicolon = UInt8(ascii: ";")
    package static let colon = UInt8(ascii: ":")
    package static let dot = UInt8(ascii: ".")
    package static let minus = UInt8(ascii: "-")
    package static let openBrace = UInt8(ascii: "{")
    package static let closeBrace = UInt8(ascii: "}")
    package static let bigX = UInt8(ascii: "X")
}
