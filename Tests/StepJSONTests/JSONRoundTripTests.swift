import Testing

@testable import StepJSON

/// Values survive their own text: `JSON(parsing: v.serialized()) == v`, in the same form (integers stay
/// integers, `1.0` stays a double, member order is kept), from compact and from pretty text alike.
@Suite struct JSONRoundTripTests {
    static let allControlCharacters = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })

    static let values: [JSON] = [
        nil, true, false, 0, -1, .int(Int.max), .int(Int.min),
        0.5, -0.0, 1.0, 100.0, 1e20, 1e-300, 0.1, .double(.greatestFiniteMagnitude), .double(9_223_372_036_854_775_808.0),
        "", "plain", .string(allControlCharacters), "\"\\/\u{7F}", "\u{E9}\u{1F600}\u{2028}\u{FFFD}",
        [], [:], [[], [:], [[]]],
        ["z": [1, 2.5, ["y": nil]], "a": [], "": [:], "\n\u{1}": "\u{0}"],
    ]

    @Test(arguments: JSONRoundTripTests.values)
    func compactText(_ v: JSON) throws {
        let text = v.serialized()
        let back = try JSON(parsing: text)
        #expect(back == v)
        #expect(back.serialized() == text)
    }

    @Test(arguments: JSONRoundTripTests.values)
    func prettyText(_ v: JSON) throws {
        let back = try JSON(parsing: v.prettySerialized())
        #expect(back == v)
        #expect(back.serialized() == v.serialized())
        #expect(back.prettySerialized() == v.prettySerialized())
    }

    @Test(arguments: [
        #"{"b":[1,-2,3.5,"x",true,false,null],"a":{}}"#, "[[],{},[[]]]", #""\u0000\u001F\b\\\"""#, "1.0E-7", "-0.0",
        #"{"":""}"#, "-9223372036854775808",
    ])
    func canonicalTextPrintsUnchanged(_ text: String) throws {
        #expect(try JSON(parsing: text).serialized() == text)
    }

    @Test func escapedInputPrintsInCanonicalForm() throws {
        #expect(try JSON(parsing: #""\/\u0041\u00e9\u001f""#).serialized() == "\"/A\u{E9}\\u001F\"")
        #expect(try JSON(parsing: " [ 1 , 2.50 , 1E3 ] ").serialized() == "[1,2.5,1000.0]")
    }
}
