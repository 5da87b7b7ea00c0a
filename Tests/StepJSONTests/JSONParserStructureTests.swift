import Testing

@testable import StepJSON

/// Documents as a whole: scalars at the top, whitespace, nesting, member names, duplicates and order.
@Suite struct JSONParserStructureTests {
    @Test func scalarsAtTheTop() throws {
        #expect(try JSON(parsing: "null") == JSON.null)
        #expect(try JSON(parsing: "true") == .bool(true))
        #expect(try JSON(parsing: "false") == .bool(false))
        #expect(try JSON(parsing: #""s""#) == .string("s"))
        #expect(try JSON(parsing: " 12 ") == .int(12))
    }

    @Test func theFourWhitespaceCharactersGoAnywhereBetweenTokens() throws {
        let text = " \t\n\r{ \"a\" \t: [ 1 ,\n2 ] , \"b\" :{ } ,\"c\":[\r] }\r\n "
        let v = try JSON(parsing: text)
        #expect(v.serialized() == #"{"a":[1,2],"b":{},"c":[]}"#)
    }

    @Test func otherWhitespaceIsRefused() {
        #expect(parseError("\u{0C}1") == JSONParseError(message: "unexpected character '\u{0C}'", offset: 0))
        #expect(parseError("[1,\u{0B}2]") == JSONParseError(message: "unexpected character '\u{0B}'", offset: 3))
        #expect(parseError("1\u{0C}")?.offset == 1)
        #expect(parseError("\u{A0}1")?.offset == 0)
        #expect(parseError("\u{FEFF}1")?.offset == 0)  // a byte order mark is not skipped
    }

    @Test func nestedContainers() throws {
        let text = #"[[[]],{"a":[{}],"b":{"c":{"d":[true]}}},[1,[2,[3]]]]"#
        let v = try JSON(parsing: text)
        #expect(v.serialized() == text)
        let outer = try #require(v.arrayValue)
        #expect(outer.count == 3)
        #expect(outer[0] == [[]])
        #expect(outer[1]["b"]?["c"]?["d"] == [true])
        #expect(outer[2].arrayValue?[1].arrayValue?[1] == [3])
    }

    @Test func memberOrderIsKept() throws {
        let v = try JSON(parsing: #"{"z":1,"a":2,"m":3,"b":4}"#)
        #expect(v.objectValue?.keys == ["z", "a", "m", "b"])
        #expect(v.objectValue?.values == [1, 2, 3, 4])
    }

    @Test func memberNamesAreStringsWithEscapes() throws {
        let v = try JSON(parsing: #"{"":1,"a\nb":2,"\u00e9":3,"\"":4}"#)
        #expect(v.objectValue?.keys == ["", "a\nb", "\u{E9}", "\""])
        #expect(v[""] == 1)
        #expect(v["\u{E9}"] == 3)
    }

    @Test func aDuplicateNameKeepsTheFirstPlaceAndTheLastValue() throws {
        let v = try JSON(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(v.objectValue?.count == 2)
        #expect(v["a"] == 3)
        #expect(v.serialized() == #"{"a":3,"b":2}"#)
        #expect(try JSON(parsing: #"{"a":{"x":1},"a":null}"#).serialized() == #"{"a":null}"#)
    }

    @Test func textAndBytesParseAlike() throws {
        for text in [#"{"a":[1,2.5,"\u00e9"],"b":null}"#, "\"\u{1F600}\"", "  -3  "] {
            #expect(try JSON(parsing: text) == JSON(parsing: Array(text.utf8)), "\(text)")
        }
        for text in ["[1,]", "\"\u{E9}\" x", "{\"a\"}"] {
            let bytes = Array(text.utf8)
            var fromBytes: JSONParseError?
            do throws(JSONParseError) { _ = try JSON(parsing: bytes) } catch { fromBytes = error }
            #expect(fromBytes != nil && fromBytes == parseError(text), "\(text)")
        }
    }

    @Test func errorOffsetsCountUTF8Bytes() {
        // `"é"` is four bytes: the stray `x` is at byte 5, though only four characters come before it.
        #expect(parseError("\"\u{E9}\" x") == JSONParseError(message: "unexpected character after the JSON value", offset: 5))
        #expect(parseError("[\"\u{1F600}\",]")?.offset == 8)
    }
}
