import Testing

@testable import StepJSON

/// `serialized()`, `prettySerialized()`, `write(to:pretty:indent:)` and the string escaper.
@Suite struct JSONSerializerTests {
    @Test func compactOutputHasNoSpaces() {
        let v: JSON = ["a": [1, true, false, nil, "x"], "b": [:], "c": [], "d": ["e": 2.5]]
        #expect(v.serialized() == #"{"a":[1,true,false,null,"x"],"b":{},"c":[],"d":{"e":2.5}}"#)
        #expect(v.description == v.serialized())
        #expect("\(v)" == v.serialized())
    }

    @Test func prettyOutputIndentsByTwoSpaces() {
        let v: JSON = ["a": [1, 2], "b": [:], "c": [], "d": ["e": nil]]
        let expected = """
            {
              "a": [
                1,
                2
              ],
              "b": {},
              "c": [],
              "d": {
                "e": null
              }
            }
            """
        #expect(v.prettySerialized() == expected)
        #expect(JSON.array([[1]]).prettySerialized() == "[\n  [\n    1\n  ]\n]")
    }

    @Test func prettyScalarsAndEmptyContainersAreOneLine() {
        #expect(JSON.int(1).prettySerialized() == "1")
        #expect(JSON.string("a").prettySerialized() == #""a""#)
        #expect(JSON.array([]).prettySerialized() == "[]")
        #expect(JSON.object([:]).prettySerialized() == "{}")
    }

    @Test func writeAppendsAtTheGivenIndent() {
        var out = "x = "
        JSON.array([1]).write(to: &out, pretty: true, indent: 4)
        #expect(out == "x = [\n      1\n    ]")
        var compact = "["
        JSON.object(["k": 1]).write(to: &compact)
        #expect(compact == #"[{"k":1}"#)
    }

    @Test func shortEscapes() {
        #expect(JSON.string("\"\\\u{08}\u{0C}\n\r\t").serialized() == #""\"\\\b\f\n\r\t""#)
    }

    @Test func otherControlCharactersAreUpperCaseHexEscapes() {
        #expect(JSON.string("\u{0}\u{1}\u{0B}\u{1B}\u{1F}").serialized() == #""\u0000\u0001\u000B\u001B\u001F""#)
        var out = "k="
        JSON.writeEscaped("\u{1F}\u{0B}\u{E9}", to: &out, uppercaseHex: false)
        #expect(out == "k=\"\\u001f\\u000b\u{E9}\"")
    }

    @Test func slashDeleteAndNonASCIIAreWrittenAsThemselves() {
        let s = "a/b\u{7F}\u{E9}\u{1F600}\u{2028}"
        #expect(JSON.string(s).serialized() == "\"" + s + "\"")
        // The same characters beside one that needs escaping (the escaper's slow path).
        #expect(JSON.string("\n" + s).serialized() == "\"\\n" + s + "\"")
    }

    @Test func memberNamesAreEscaped() {
        #expect(JSON.object(["a\"b\n": 1, "": 2]).serialized() == #"{"a\"b\n":1,"":2}"#)
    }

    @Test func integersPrintExactly() {
        #expect(JSON.int(0).serialized() == "0")
        #expect(JSON.int(-42).serialized() == "-42")
        #expect(JSON.int(Int.max).serialized() == "9223372036854775807")
        #expect(JSON.int(Int.min).serialized() == "-9223372036854775808")
    }

    @Test func doublesPrintAsJavaPrintsThem() {
        let cases: [(Double, String)] = [
            (0, "0.0"), (-0.0, "-0.0"), (1, "1.0"), (-1234.5, "-1234.5"), (0.1 + 0.2, "0.30000000000000004"),
            (9_999_999, "9999999.0"), (10_000_000, "1.0E7"), (123_456_789, "1.23456789E8"), (0.00123, "0.00123"),
            (0.000999, "9.99E-4"), (1e16, "1.0E16"), (2.5e-7, "2.5E-7"), (-1e22, "-1.0E22"),
            (.greatestFiniteMagnitude, "1.7976931348623157E308"),
        ]
        for (d, text) in cases {
            #expect(JSON.formatDouble(d) == text, "\(d)")
            #expect(JSON.double(d).serialized() == text, "\(d)")
        }
    }

    @Test func nonFiniteDoublesPrintAsStrings() {
        #expect(JSON.formatDouble(.nan) == "NaN")
        #expect(JSON.double(.nan).serialized() == #""NaN""#)
        #expect(JSON.double(.infinity).serialized() == #""Infinity""#)
        #expect(JSON.double(-.infinity).serialized() == #""-Infinity""#)
        #expect(JSON.array([.double(.infinity)]).serialized() == #"["Infinity"]"#)
    }
}
