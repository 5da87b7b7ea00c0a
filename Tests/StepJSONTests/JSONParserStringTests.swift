import Testing

@testable import StepJSON

/// The string a string text parses to, or `nil` when it parses to anything else.
private func parsedString(_ text: String) throws -> String? { try JSON(parsing: text).stringValue }

/// String texts: escapes, `\u` escapes and surrogates, raw characters, and the ones refused.
@Suite struct JSONParserStringTests {
    @Test func everyShortEscape() throws {
        #expect(try parsedString(#""\b\f\n\r\t\"\\\/""#) == "\u{08}\u{0C}\n\r\t\"\\/")
        #expect(try parsedString(#""x\ny""#) == "x\ny")
        #expect(try parsedString(#""""#) == "")
    }

    @Test func unicodeEscapesInEitherCase() throws {
        #expect(try parsedString(#""\u0041\u00e9\u00E9\u20AC\u0000""#) == "A\u{E9}\u{E9}\u{20AC}\u{0}")
        #expect(try parsedString(#""a\u0022b""#) == "a\"b")
    }

    @Test func surrogatePairsMakeOneScalar() throws {
        #expect(try parsedString(#""\ud83d\ude00""#) == "\u{1F600}")
        #expect(try parsedString(#""\uD83D\uDE00""#) == "\u{1F600}")
        #expect(try parsedString(#""\uD800\uDC00""#) == "\u{10000}")
        #expect(try parsedString(#""\uDBFF\uDFFF""#) == "\u{10FFFF}")
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parsedString(#""\ud83d""#) == "\u{FFFD}")
        #expect(try parsedString(#""\ud83dx""#) == "\u{FFFD}x")
        #expect(try parsedString(#""\ud83d\n""#) == "\u{FFFD}\n")
        #expect(try parsedString(#""\ud83d\u0041""#) == "\u{FFFD}A")
        #expect(try parsedString(#""\ude00""#) == "\u{FFFD}")
        #expect(try parsedString(#""a\udc00b""#) == "a\u{FFFD}b")
    }

    @Test func aHighSurrogateAfterALoneOneStillPairs() throws {
        // `\ud83d` stands alone, then `\ud83d\ude00` is a valid pair (Java and JavaScript read 😀 there).
        #expect(try parsedString(#""\ud83d\ud83d\ude00""#) == "\u{FFFD}\u{1F600}")
    }

    @Test func rawCharactersOutsideTheControlRangeAreKept() throws {
        #expect(try parsedString("\"\u{7F}\u{E9}\u{1F600}\u{2028}/\"") == "\u{7F}\u{E9}\u{1F600}\u{2028}/")
    }

    @Test func invalidUTF8BytesBecomeReplacementCharacters() throws {
        let plain: [UInt8] = [0x22, 0x61, 0xFF, 0x22]
        #expect(try JSON(parsing: plain).stringValue == "a\u{FFFD}")
        let escaped: [UInt8] = [0x22, 0x5C, 0x6E, 0xC3, 0x22]
        #expect(try JSON(parsing: escaped).stringValue == "\n\u{FFFD}")
    }

    @Test func rawControlCharactersAreRefused() {
        for byte in UInt8(0)..<0x20 {
            let c = String(Character(Unicode.Scalar(byte)))
            let refused = "control character in string"
            #expect(parseError("\"" + c + "\"") == JSONParseError(message: refused, offset: 1), "\(byte)")
            // After an escape the parser is on its slow path; it refuses them there too.
            #expect(parseError(#""\t"# + c + "\"") == JSONParseError(message: refused, offset: 3), "\(byte)")
        }
    }

    @Test func malformedEscapes() {
        #expect(parseError(#""\x""#) == JSONParseError(message: "invalid escape", offset: 3))
        #expect(parseError(#""\U0041""#) == JSONParseError(message: "invalid escape", offset: 3))
        #expect(parseError(#""\u12""#) == JSONParseError(message: "bad \\u escape", offset: 3))
        #expect(parseError(#""\u12G4""#) == JSONParseError(message: "bad \\u escape", offset: 5))
        #expect(parseError(#""\ud83d\uZZZZ""#) == JSONParseError(message: "bad \\u escape", offset: 9))
    }

    @Test func unterminatedStrings() {
        #expect(parseError("\"abc") == JSONParseError(message: "unterminated string", offset: 4))
        #expect(parseError("\"a\\") == JSONParseError(message: "unterminated string", offset: 3))
        #expect(parseError("\"a\\n") == JSONParseError(message: "unterminated string", offset: 4))
        #expect(parseError("{\"a") == JSONParseError(message: "unterminated string", offset: 3))
    }
}
