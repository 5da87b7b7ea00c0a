import Testing

@testable import StepJSON

/// How deep documents may nest. The parser recurses once per level; its limit must stop it before the stack does.
@Suite struct JSONDepthTests {
    @Test(arguments: [10, 500, 1000])
    func acceptsReasonableNesting(_ depth: Int) throws {
        let v = try JSON(parsing: String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        var d = 0
        var cur = v
        while case .array(let a) = cur, let first = a.first { cur = first; d += 1 }
        #expect(d == depth - 1)
        #expect(v.serialized().count == 2 * depth)
    }

    @Test func rejectsNestingBeyondTheLimit() {
        // `[` x 5000 + `]` x 5000 (10 KB) ends the test process with SIGSEGV (stack overflow) in a debug build:
        // the limit (`maxDepth = 10_000`) is deeper than a thread's stack allows. Jackson, which AWS uses, stops at
        // 1000 levels by default (StreamReadConstraints.maxNestingDepth).
        #expect(JSONParser.maxDepth <= 1000)
    }
}

/// Numbers a double cannot hold (`1e999`, or `States.StringToJson('1e999')`) must still print as JSON.
@Suite struct JSONNonFiniteTests {
    @Test func infinityPrintsAsParseableJSON() throws {
        let v = try JSON(parsing: #"{"r":1e999}"#)
        #expect(v["r"]?.doubleValue == .infinity)
        let text = v.serialized()
        // Jackson (WRITE_NAN_AS_STRINGS, on by default) writes {"r":"Infinity"}; `{"r":Infinity}` is not JSON.
        #expect((try? JSON(parsing: text)) != nil, "\(text)")
    }
}
