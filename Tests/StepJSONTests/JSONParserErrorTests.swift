import Testing

@testable import StepJSON

/// Malformed documents: the message the parser gives and the byte offset where it stopped.
@Suite struct JSONParserErrorTests {
    /// Text, message, offset.
    static let structural: [(String, String, Int)] = [
        ("", "unexpected end of input", 0),
        ("   ", "unexpected end of input", 3),
        ("[", "unexpected end of input", 1),
        ("[1,", "unexpected end of input", 3),
        ("{\"a\":", "unexpected end of input", 5),
        ("[1", "unexpected end of input in array", 2),
        ("{\"a\":1", "unexpected end of input in object", 6),
        ("[1 2]", "expected ',' or ']'", 3),
        ("[1}", "expected ',' or ']'", 2),
        ("{\"a\":1 \"b\":2}", "expected ',' or '}'", 7),
        ("{\"a\":1]", "expected ',' or '}'", 6),
        ("[1,]", "unexpected character ']'", 3),
        ("[,1]", "unexpected character ','", 1),
        ("]", "unexpected character ']'", 0),
        ("{\"a\":}", "unexpected character '}'", 5),
        ("{", "expected a member name", 1),
        ("{1:2}", "expected a member name", 1),
        ("{'a':1}", "expected a member name", 1),
        ("{\"a\":1,}", "expected a member name", 7),
        ("{\"a\"", "expected ':'", 4),
        ("{\"a\" 1}", "expected ':'", 5),
        ("{\"a\"=1}", "expected ':'", 4),
        ("[1]]", "unexpected character after the JSON value", 3),
        ("{} {}", "unexpected character after the JSON value", 3),
        ("1 2", "unexpected character after the JSON value", 2),
        ("nullnull", "unexpected character after the JSON value", 4),
    ]

    /// Text, message, offset.
    static let literalsAndNumbers: [(String, String, Int)] = [
        ("tru", "unexpected end of input", 0),
        ("[tru", "unexpected end of input", 1),
        ("trux", "invalid literal", 0),
        ("falsy", "invalid literal", 0),
        ("[nul1]", "invalid literal", 1),
        ("True", "unexpected character 'T'", 0),
        ("NaN", "unexpected character 'N'", 0),
        ("Infinity", "unexpected character 'I'", 0),
        ("-", "invalid number", 1),
        ("-x", "invalid number", 1),
        ("+1", "unexpected character '+'", 0),
        (".5", "unexpected character '.'", 0),
        ("01", "leading zero in number", 0),
        ("00", "leading zero in number", 0),
        ("-01", "leading zero in number", 1),
        ("1.", "invalid number", 2),
        ("[1.]", "invalid number", 3),
        ("1.e5", "invalid number", 2),
        ("1e", "invalid number", 2),
        ("1e+", "invalid number", 3),
        ("1.5.2", "unexpected character after the JSON value", 3),
        ("0x10", "unexpected character after the JSON value", 1),
    ]

    @Test func structuralErrors() {
        for (text, message, offset) in Self.structural {
            #expect(parseError(text) == JSONParseError(message: message, offset: offset), "\(text)")
        }
    }

    @Test func literalAndNumberErrors() {
        for (text, message, offset) in Self.literalsAndNumbers {
            #expect(parseError(text) == JSONParseError(message: message, offset: offset), "\(text)")
        }
    }

    @Test func theDescriptionNamesTheOffset() throws {
        let error = try #require(parseError("[1,]"))
        #expect(error.description == "unexpected character ']' at offset 3")
        #expect("\(error)" == "unexpected character ']' at offset 3")
    }

    @Test func anUnexpectedNonASCIICharacterIsNamedAsItIsWritten() {
        // The message decodes the byte at the offset alone, as Latin-1: `é` (C3 A9) is reported as 'Ã'.
        #expect(parseError("\u{E9}")?.offset == 0)
        withKnownIssue("the message shows the first byte of a multi-byte character as a Latin-1 character") {
            #expect(parseError("\u{E9}")?.message == "unexpected character '\u{E9}'")
        }
    }

    @Test func theDepthErrorPointsAtTheFirstContainerTooMany() {
        // An array, `n` objects and an array: one level more than the limit; the last `[` is the one too many.
        let n = JSON.maximumNestingDepth - 1
        let tooDeep = "[" + String(repeating: #"{"k":"#, count: n) + "[1]" + String(repeating: "}", count: n) + "]"
        let expected = JSONParseError(message: "nesting deeper than \(n + 1) levels", offset: 1 + 5 * n)
        #expect(parseError(tooDeep) == expected)
        // An object and `n` arrays: exactly the limit, which parses.
        let atTheLimit = #"{"k":"# + String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n) + "}"
        #expect(parseError(atTheLimit) == nil)
    }
}
