import Foundation
import Testing

@testable import StepJSON

/// How deep documents may nest. The parser keeps its containers on a heap stack and refuses documents nested
/// deeper than `JSON.maximumNestingDepth` with an error; everything it accepts can be serialised, compared,
/// hashed, measured and freed on the smallest stack a Swift task may run on (512 KiB).
@Suite struct JSONDepthTests {
    static let limit = JSON.maximumNestingDepth

    static func arrays(_ n: Int) -> String { String(repeating: "[", count: n) + String(repeating: "]", count: n) }
    static func objects(_ n: Int) -> String {
        String(repeating: #"{"a":"#, count: n) + "1" + String(repeating: "}", count: n)
    }
    static func mixed(_ n: Int) -> String {
        (0..<n).map { $0 % 2 == 0 ? "[" : #"{"k":"# }.joined() + "0"
            + (0..<n).reversed().map { $0 % 2 == 0 ? "]" : "}" }.joined()
    }

    /// A value nested `n` deep, built in code rather than parsed.
    static func built(_ n: Int) -> JSON {
        var v: JSON = "leaf"
        for i in 0..<n { v = i % 2 == 0 ? .array([v, 1]) : .object(["k": v, "n": nil]) }
        return v
    }

    @Test(arguments: [10, 500, JSONDepthTests.limit])
    func acceptsNestingUpToTheLimit(_ depth: Int) throws {
        let v = try JSON(parsing: Self.arrays(depth))
        var d = 0
        var cur = v
        while case .array(let a) = cur, let first = a.first { cur = first; d += 1 }
        #expect(d == depth - 1)
        #expect(v.serialized() == Self.arrays(depth))
        #expect(try JSON(parsing: Self.objects(depth)).serialized() == Self.objects(depth))
        #expect(try JSON(parsing: Self.mixed(depth)).serialized() == Self.mixed(depth))
    }

    @Test(arguments: [JSONDepthTests.limit + 1, 1000, 5000, 100_000])
    func rejectsNestingBeyondTheLimit(_ depth: Int) {
        // Before the limit was lowered from 10,000 (then 1,000) and the parser made iterative, 5,000 levels ended
        // the process with SIGSEGV. The error names the limit and points at the first bracket too many.
        for text in [Self.arrays(depth), Self.objects(depth), Self.mixed(depth), String(repeating: "[", count: depth)] {
            #expect(throws: JSONParseError(message: "nesting deeper than \(Self.limit) levels", offset: offset(text))) {
                try JSON(parsing: text)
            }
        }
        func offset(_ text: String) -> Int {
            var seen = 0
            for (i, c) in text.utf8.enumerated() where c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                seen += 1
                if seen > Self.limit { return i }
            }
            return -1
        }
    }

    /// Everything done with a document at the limit, and the refusal of a deeper one.
    static func exerciseDeepDocuments() throws -> Bool {
        for text in [arrays(limit), objects(limit), mixed(limit)] {
            let v = try JSON(parsing: text)
            let w = try JSON(parsing: Array(text.utf8))
            guard v == w, v.hashValue == w.hashValue, v.serialized() == text, !v.prettySerialized().isEmpty,
                !v.serializedSizeExceeds(1 << 20), v.serializedSizeExceeds(text.utf8.count - 1),
                !v.nestingExceeds(limit), v.nestingExceeds(limit - 1)
            else { return false }
            let data = try JSONEncoder().encode(v)
            guard try JSONDecoder().decode(JSON.self, from: data) == v else { return false }
        }
        for text in [arrays(5000), objects(5000)] where (try? JSON(parsing: text)) != nil { return false }
        return true
    }

    @Test func deepDocumentsOnASmallStack() throws {
        let (ok, used) = onSmallStack { (try? Self.exerciseDeepDocuments()) ?? false }
        #expect(ok)
        // Measured in a debug build: about 140 KiB of the 512 (the walks keep their place on the heap; freeing a
        // 512-deep value takes about 210 bytes a level).
        #expect(used < smallStack * 3 / 4, "used \(used / 1024) KiB of \(smallStack / 1024)")
    }

    @Test func deepDocumentsInATask() async throws {
        #expect(try await Task.detached { try Self.exerciseDeepDocuments() }.value)
    }

    @Test @MainActor func deepDocumentsOnTheMainThread() throws {
        #expect(try Self.exerciseDeepDocuments())
    }

    @Test func walksDoNotDependOnTheStackForValuesBuiltInCode() {
        // Values built in code are not limited by the parser: the walks must still not recurse level by level.
        // (They are built and freed here: freeing takes about 210 bytes of stack a level.)
        let v = Self.built(3000)
        let w = Self.built(3000)
        let shorter = Self.built(2999)
        let (ok, _) = onSmallStack {
            v == w && v != shorter && v.hashValue == w.hashValue && v.serialized() == w.serialized()
                && v.prettySerialized().count > 3000 && v.nestingExceeds(Self.limit)
        }
        #expect(ok)
    }

    @Test func aValueDeeperThanTheLimitCountsAsTooLarge() {
        // The engine refuses a state's output when `serializedSizeExceeds` its payload limit: a value that could not
        // be parsed back (an engine state holding it could not be restored) must not pass.
        #expect(!Self.built(Self.limit).serializedSizeExceeds(1 << 30))
        #expect(Self.built(Self.limit + 1).serializedSizeExceeds(1 << 30))
        #expect(Self.built(Self.limit + 1).nestingExceeds(Self.limit))
        #expect(!Self.built(Self.limit).nestingExceeds(Self.limit))
        #expect(!JSON.int(1).nestingExceeds(0))
        #expect(JSON.array([]).nestingExceeds(0))
    }

    @Test func sizesAreCountedAsBefore() throws {
        for text in [#"{"a":[1,2.5,"x",null,true,false,{"b":{}}],"c":"é"}"#, "[]", "{}", "1", #""s""#, "[[[],[]],{}]"] {
            let v = try JSON(parsing: text)
            let n = v.serialized().utf8.count
            #expect(v.serializedSizeExceeds(n - 1), "\(text)")
            #expect(!v.serializedSizeExceeds(n + 2 * text.count), "\(text)")
        }
    }

    @Test func equalityAndHashingBeyondTheRecursiveLevels() {
        // Equality recurses for the first levels and continues on a heap stack; hashing stops at 16 levels.
        let a = Self.built(100)
        var b = Self.built(100)
        #expect(a == b && a.hashValue == b.hashValue)
        var inner: JSON = "other leaf"
        for i in 0..<100 { inner = i % 2 == 0 ? .array([inner, 1]) : .object(["k": inner, "n": nil]) }
        b = inner
        #expect(a != b)
        #expect(JSON.object(["x": a, "y": 1]) == JSON.object(["y": 1, "x": Self.built(100)]))
        #expect(JSON.array([a, 1.0]) == JSON.array([Self.built(100), .int(1)]))
        #expect(Set([a, Self.built(100), b]).count == 2)
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
