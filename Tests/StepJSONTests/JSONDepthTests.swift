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
        withKnownIssue("nesting is allowed to 10 000 levels; 5000 already overflows a test thread's stack") {
            #expect(JSONParser.maxDepth <= 1000)
        }
    }
}
