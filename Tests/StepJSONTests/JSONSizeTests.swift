import Testing

@testable import StepJSON

/// Whether `serializedSizeExceeds` gives the exact answer at the value's own size: not longer than its compact
/// text, but longer than one byte less.
private func measuredExactly(_ v: JSON) -> Bool {
    let n = v.serialized().utf8.count
    return !v.serializedSizeExceeds(n) && v.serializedSizeExceeds(n - 1)
}

/// `serializedSizeExceeds(_:)` (the engine's payload limit) and `nestingExceeds(_:)`.
@Suite struct JSONSizeTests {
    @Test func scalarsAreMeasuredExactly() {
        let values: [JSON] = [
            nil, true, false, 0, 7, -7, 1_234_567_890, .int(Int.max), .int(Int.min),
            1.5, -0.0, 1e20, 0.000999, "", "abc", "\u{E9}\u{1F600}", "a/b",
        ]
        for v in values { #expect(measuredExactly(v), "\(v)") }
    }

    @Test func emptyContainersAreTwoBytes() {
        for v: JSON in [[], [:]] {
            #expect(!v.serializedSizeExceeds(2))
            #expect(v.serializedSizeExceeds(1))
        }
        #expect(JSON.null.serializedSizeExceeds(-1))
    }

    @Test func nonEmptyContainersAreMeasuredExactly() {
        // A separator between each two members, not one per member: `[1]` is 3 bytes and does not exceed 3.
        let values: [JSON] = [[1], ["a": 1], [[1], [1], [1]], [["k": "v"], 2]]
        for v in values { #expect(measuredExactly(v), "\(v)") }
    }

    @Test func escapedCharactersAreMeasuredAsWritten() {
        // `"\n"` is written as four bytes, `"\u0001"` as eight: a payload of escaped text cannot slip under the
        // limit.
        let values: [JSON] = [.string("\n"), .string("\u{1}"), .string("\"\\"), ["\n\n": 1]]
        for v in values {
            #expect(v.serializedSizeExceeds(v.serialized().utf8.count - 1), "\(v)")
            #expect(!v.serializedSizeExceeds(v.serialized().utf8.count), "\(v)")
        }
    }

    @Test func nonFiniteDoublesAreMeasuredWithTheirQuotes() {
        // `Infinity` is written `"Infinity"` (10 bytes).
        #expect(JSON.double(.infinity).serializedSizeExceeds(9))
        #expect(!JSON.double(.infinity).serializedSizeExceeds(10))
    }

    @Test func nestingIsCountedInContainers() {
        #expect(!JSON.array([]).nestingExceeds(1))
        #expect(!JSON.array([[1]]).nestingExceeds(2))
        #expect(JSON.array([[1]]).nestingExceeds(1))
        let v: JSON = ["a": [[:]], "b": 1]
        #expect(!v.nestingExceeds(3))
        #expect(v.nestingExceeds(2))
        // The deepest branch counts, wherever it is.
        let w: JSON = [[], 1, ["k": [[[]]]]]
        #expect(!w.nestingExceeds(5))
        #expect(w.nestingExceeds(4))
    }
}
