import Testing

@testable import StepJSON

/// Equality and hashing: numbers by value, members regardless of order, everything else by type and value.
@Suite struct JSONEqualityTests {
    @Test func integersEqualTheSameDoubleAndHashAlike() {
        #expect(JSON.int(1) == JSON.double(1.0))
        #expect(JSON.int(1).hashValue == JSON.double(1.0).hashValue)
        #expect(JSON.int(0) == JSON.double(-0.0))
        #expect(JSON.int(0).hashValue == JSON.double(-0.0).hashValue)
        #expect(JSON.int(1) != JSON.double(1.5))
        #expect(Set<JSON>([1, 1.0, 2, "1"]).count == 3)
    }

    @Test func notANumberIsUnequalToItself() {
        // As for `Double`: a document holding NaN is not equal to itself.
        #expect(JSON.double(.nan) != JSON.double(.nan))
        #expect(JSON.array([.double(.nan)]) != JSON.array([.double(.nan)]))
    }

    @Test func differentTypesNeverCompareEqual() {
        let values: [JSON] = [nil, false, 0, "", "0", "null", [], [:], [nil], ["": nil]]
        for (i, a) in values.enumerated() {
            for (j, b) in values.enumerated() {
                #expect((a == b) == (i == j), "\(a) and \(b)")
            }
        }
    }

    @Test func arraysCompareInOrder() {
        #expect(JSON.array([1, 2]) == JSON.array([1.0, 2]))
        #expect(JSON.array([1, 2]) != JSON.array([2, 1]))
        #expect(JSON.array([1]) != JSON.array([1, 1]))
    }

    @Test func objectsCompareRegardlessOfOrderAndHashAlike() {
        let a: JSON = ["x": 1, "y": [true, nil], "z": ["k": "v"]]
        let b: JSON = ["z": ["k": "v"], "y": [true, nil], "x": 1.0]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(a.serialized() != b.serialized())
    }

    @Test func objectsDifferInNamesValuesOrMissingMembers() {
        #expect(JSON.object(["a": 1]) != JSON.object(["b": 1]))
        #expect(JSON.object(["a": 1]) != JSON.object(["a": 2]))
        #expect(JSON.object(["a": nil]) != JSON.object([:]))
        #expect(JSON.object(["a": nil, "b": 1]) != JSON.object(["b": 1, "c": nil]))
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        let a: JSONObject = ["a": 1]
        #expect(ab == ba)
        #expect(a != ab && ab != a)
    }

    @Test func stringsCompareByCodeUnitsAsJavaDoes() {
        // `é` written as one scalar and as `e` with a combining accent: different JSON texts, different strings
        // to Java (and to the choice rules' `compareStrings`), but Swift's `String ==` finds them canonically equal.
        let composed = JSON.string("\u{E9}")
        let decomposed = JSON.string("e\u{301}")
        #expect(Array(composed.serialized().utf8) != Array(decomposed.serialized().utf8))
        withKnownIssue("JSON compares strings with Swift's canonical equivalence") {
            #expect(composed != decomposed)
        }
    }
}
