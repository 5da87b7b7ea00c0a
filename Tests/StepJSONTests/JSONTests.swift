import Testing
@testable import StepJSON

@Suite struct JSONParsingTests {
    @Test func keepsIntegersAndDoubles() throws {
        let v = try JSON(parsing: #"{"a":1,"b":1.5,"c":1.0,"d":12345678901234567,"e":-0,"f":1e2}"#)
        #expect(v["a"] == .int(1))
        #expect(v.serialized() == #"{"a":1,"b":1.5,"c":1.0,"d":12345678901234567,"e":0,"f":100.0}"#)
    }

    @Test func keepsKeyOrder() throws {
        let v = try JSON(parsing: #"{"z":1,"a":2,"m":{"y":true,"b":null}}"#)
        #expect(v.serialized() == #"{"z":1,"a":2,"m":{"y":true,"b":null}}"#)
    }

    @Test func escapes() throws {
        let v = try JSON(parsing: #""a\"b\\c\n\u0001\u00e9\ud83d\ude00/""#)
        #expect(v == .string("a\"b\\c\n\u{01}é😀/"))
        #expect(v.serialized() == #""a\"b\\c\n\u0001é😀/""#)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"abc", "[1 2]", "{\"a\":1}x", "-", "\"\u{01}\""])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSON(parsing: text) }
    }

    @Test func doublesFormatLikeJava() {
        #expect(JSON.formatDouble(1.5) == "1.5")
        #expect(JSON.formatDouble(100) == "100.0")
        #expect(JSON.formatDouble(1e20) == "1.0E20")
        #expect(JSON.formatDouble(1.25e-5) == "1.25E-5")
        #expect(JSON.formatDouble(0.001) == "0.001")
        #expect(JSON.formatDouble(-2.5e7) == "-2.5E7")
        #expect(JSON.formatDouble(1234567.5) == "1234567.5")
    }

    @Test func equalityIgnoresMemberOrderAndNumberForm() throws {
        #expect(try JSON(parsing: #"{"a":1,"b":[1.0]}"#) == JSON(parsing: #"{"b":[1],"a":1.0}"#))
        #expect(JSON.int(1) != JSON.bool(true))
    }

    @Test func largeObjectsStayOrderedAndIndexed() {
        var o = JSONObject()
        for i in (0..<100).reversed() { o["k\(i)"] = .int(i) }
        #expect(o["k42"] == .int(42))
        o["k42"] = nil
        #expect(o["k42"] == nil)
        #expect(o["k41"] == .int(41))
        #expect(o.keys.first == "k99")
        #expect(o.count == 99)
    }
}
