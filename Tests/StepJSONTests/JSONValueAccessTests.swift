import Testing

@testable import StepJSON

/// The typed accessors, `typeName`, `JSON.number(_:)`, the member subscript and the literal conformances.
@Suite struct JSONValueAccessTests {
    @Test func typeNamesAsAWSSpellsThem() {
        let names = [JSON.null, .bool(true), .int(1), .double(1.5), .string(""), .array([]), .object([:])].map(\.typeName)
        #expect(names == ["null", "boolean", "number", "number", "string", "array", "object"])
    }

    @Test func eachAccessorAnswersOnlyForItsOwnType() {
        let s: JSON = "x"
        let b: JSON = false
        let a: JSON = [1]
        let o: JSON = ["k": 1]
        #expect(s.stringValue == "x" && b.stringValue == nil && JSON.null.stringValue == nil)
        #expect(b.boolValue == false && s.boolValue == nil && JSON.int(0).boolValue == nil)
        #expect(a.arrayValue == [1] && o.arrayValue == nil && s.arrayValue == nil)
        #expect(o.objectValue == ["k": 1] && a.objectValue == nil && JSON.null.objectValue == nil)
        #expect(JSON.null.isNull && !b.isNull && !JSON.string("null").isNull)
        #expect(JSON.int(1).isNumber && JSON.double(.nan).isNumber && !JSON.string("1").isNumber && !b.isNumber)
    }

    @Test func doubleValueOfEitherNumberForm() {
        #expect(JSON.int(3).doubleValue == 3.0)
        #expect(JSON.int(Int.max).doubleValue == 9_223_372_036_854_775_808.0)
        #expect(JSON.double(-2.5).doubleValue == -2.5)
        #expect(JSON.string("3").doubleValue == nil)
        #expect(JSON.bool(true).doubleValue == nil)
    }

    @Test func intValueOnlyForIntegralNumbersInRange() {
        #expect(JSON.int(Int.min).intValue == Int.min)
        #expect(JSON.double(3.0).intValue == 3)
        #expect(JSON.double(-0.0).intValue == 0)
        #expect(JSON.double(-9.1e18).intValue == -9_100_000_000_000_000_000)
        #expect(JSON.double(9.3e18).intValue == nil)
        #expect(JSON.double(2.5).intValue == nil)
        #expect(JSON.double(.infinity).intValue == nil)
        #expect(JSON.double(.nan).intValue == nil)
        #expect(JSON.string("1").intValue == nil)
        #expect(JSON.bool(true).intValue == nil)
    }

    @Test func numberKeepsIntegralDoublesAsIntegers() {
        #expect(JSON.number(3.0).serialized() == "3")
        #expect(JSON.number(-0.0).serialized() == "0")
        #expect(JSON.number(8e15).serialized() == "8000000000000000")
        #expect(JSON.number(2.5).serialized() == "2.5")
        // From 9e15 on (and for non-finite values) the number stays a double.
        #expect(JSON.number(9e15).serialized() == "9.0E15")
        #expect(JSON.number(-9e15).serialized() == "-9.0E15")
        #expect(JSON.number(.infinity).serialized() == #""Infinity""#)
    }

    @Test func memberSubscript() throws {
        let v = try JSON(parsing: #"{"a":1,"n":null,"o":{"b":[true]}}"#)
        #expect(v["a"] == 1)
        #expect(v["n"] == JSON.null)
        #expect(v["missing"] == nil)
        #expect(v["o"]?["b"] == [true])
        #expect(JSON.array([1])["a"] == nil)
        #expect(JSON.string("a")["a"] == nil)
        #expect(JSON.null["a"] == nil)
    }

    @Test func literalsMakeTheMatchingCase() {
        let null: JSON = nil
        let int: JSON = 1
        let double: JSON = 1.0
        let string: JSON = "s"
        let array: JSON = [1, "a", nil]
        let object: JSON = ["z": 1, "a": 2, "m": 3]
        #expect(null.isNull)
        // `1` and `1.0` compare equal; their text tells the case apart.
        #expect(int.serialized() == "1" && double.serialized() == "1.0")
        #expect(string.stringValue == "s")
        #expect(array.arrayValue?.count == 3 && array.arrayValue?[2] == JSON.null)
        #expect(object.objectValue?.keys == ["z", "a", "m"])
        let members: JSONObject = ["b": true, "a": false]
        #expect(members.keys == ["b", "a"] && members["a"] == false)
    }
}
