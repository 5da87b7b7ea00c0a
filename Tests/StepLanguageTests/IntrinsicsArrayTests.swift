import StepJSON
import Testing

@testable import StepLanguage

private func run(_ expression: String, _ input: JSON = [:]) throws -> JSON {
    try IntrinsicTestSupport.run(expression, input)
}

private func cause(_ expression: String, _ input: JSON = [:]) throws -> String? {
    try IntrinsicTestSupport.cause(expression, input)
}

private func invalid(_ call: String, _ function: String) -> String {
    "There was an error while evaluating the intrinsic function: \(call). Invalid arguments in \(function)"
}

@Suite struct IntrinsicsArrayTests {
    @Test func array() throws {
        #expect(try run("States.Array()") == [])
        #expect(try run("States.Array(42, true, null, 'hello', 1.5)") == [42, true, nil, "hello", 1.5])
        #expect(try run("States.Array(1, States.Array(2, 3))") == [1, [2, 3]])
    }

    @Test func partition() throws {
        #expect(try run("States.ArrayPartition($.a, 4)", ["a": [1, 2, 3, 4, 5, 6, 7, 8, 9]]) == [[1, 2, 3, 4], [5, 6, 7, 8], [9]])
        #expect(try run("States.ArrayPartition($.a, 2147483647)", ["a": [1, 2, 3]]) == [[1, 2, 3]])
        #expect(try run("States.ArrayPartition($.a, 3)", ["a": []]) == [])
        #expect(try run("States.ArrayPartition($.a, 2.6)", ["a": [1, 2, 3, 4, 5]]) == [[1, 2], [3, 4], [5]])
        for size in ["0", "-1", "0.6", "-0.4", "'2'", "null"] {
            let call = "States.ArrayPartition($.a, \(size))"
            #expect(try cause(call, ["a": [1, 2, 3]]) == invalid(call, "States.ArrayPartition"))
        }
        #expect(try cause("States.ArrayPartition('x', 2)") != nil)
        #expect(try cause("States.ArrayPartition($.a)", ["a": [1]]) != nil)
    }

    @Test func contains() throws {
        let cases: [(JSON, JSON, Bool)] = [
            ([], nil, false), ([], [], false), ([[1, 2, 3], 2], nil, false), ([[1, 2, 3], 2], [1, 2, 3], true),
            ([["1": 2, "2": []]], [], false), ([["1": 2, "2": []]], ["1": 2, "2": []], true),
            ([true, false], true, true), ([1, nil, 3], nil, true),
            // AWS compares printed Java values: key order matters, 1 and "1" match.
            ([["a": 1, "b": 2]], ["b": 2, "a": 1], false),
            (["-1", "9007199254740991"], 9_007_199_254_740_991, true), (["true", "false"], true, true),
            ([0, 1, -1, -1.5], false, false),
        ]
        for (array, needle, expected) in cases {
            #expect(try run("States.ArrayContains($.a, $.v)", ["a": array, "v": needle]) == .bool(expected))
        }
        #expect(try cause("States.ArrayContains('x', 'x')") == invalid("States.ArrayContains('x', 'x')", "States.ArrayContains"))
        #expect(try cause("States.ArrayContains($.a)", ["a": [1]]) != nil)
    }

    @Test func range() throws {
        #expect(try run("States.ArrayRange(0, 9, 3)") == [0, 3, 6, 9])
        #expect(try run("States.ArrayRange(0, 10, 3)") == [0, 3, 6, 9])
        #expect(try run("States.ArrayRange(1, 9, 9)") == [1])
        #expect(try run("States.ArrayRange(-2, 2, 2)") == [-2, 0, 2])
        #expect(try run("States.ArrayRange(3, 3, -1)") == [3])
        #expect(try run("States.ArrayRange(5, 1, -2)") == [5, 3, 1])
        #expect(try run("States.ArrayRange(5, 1, 1)") == [])
        #expect(try run("States.ArrayRange(1, 5, -1)") == [])
        // Arguments truncate toward zero, as AWS does.
        #expect(try run("States.ArrayRange(1.4, 5.6, 2.2)") == [1, 3, 5])
        #expect(try run("States.ArrayRange(1.6, 1.4, 1)") == [1])
        #expect(try run("States.ArrayRange(5.4, -0.6, -2.4)") == [5, 3, 1])
        #expect(try run("States.ArrayRange(1, 1000, 1)").arrayValue?.count == 1000)
        #expect(try run("States.ArrayRange(1000, 1, -1)").arrayValue?.count == 1000)
        for call in [
            "States.ArrayRange(1, 1001, 1)", "States.ArrayRange(1001, 1, -1)", "States.ArrayRange(1, 10, 0)",
            "States.ArrayRange(1, 10, 0.49)", "States.ArrayRange('a', 5, 1)", "States.ArrayRange(1, 5)",
            "States.ArrayRange(1, 5, 1, 99)",
        ] {
            #expect(try cause(call) == invalid(call, "States.ArrayRange"))
        }
    }

    @Test func getItem() throws {
        #expect(try run("States.ArrayGetItem($.a, $.i)", ["a": [1, 2, 3, 4, 5, 6, 7, 8, 9], "i": 5]) == 6)
        #expect(try run("States.ArrayGetItem($.a, 1.2)", ["a": [10, 20, 30]]) == 20)
        #expect(try run("States.ArrayGetItem($.a, 999)", ["a": []]) == nil)
        #expect(try run("States.ArrayGetItem(States.Array('x', 'y', 'z'), 1)") == "y")
        for index in ["3", "-1", "'1'"] {
            let call = "States.ArrayGetItem($.a, \(index))"
            #expect(try cause(call, ["a": [10, 20, 30]]) == invalid(call, "States.ArrayGetItem"))
        }
        #expect(try cause("States.ArrayGetItem('not-array', 0)") != nil)
    }

    @Test func length() throws {
        #expect(try run("States.ArrayLength($.a)", ["a": [1, 2, 3, 4, 5, 6, 7, 8, 9]]) == 9)
        #expect(try run("States.ArrayLength(States.Array())") == 0)
        #expect(try cause("States.ArrayLength($.o)", ["o": ["k": 1]]) == invalid("States.ArrayLength($.o)", "States.ArrayLength"))
        #expect(try cause("States.ArrayLength()") != nil)
    }

    @Test func uniqueKeepsHashSetOrder() throws {
        let cases: [(JSON, JSON)] = [
            ([1, 2, 2, 3, 3, 4], [1, 2, 3, 4]),
            (["a", "b", "a", "c", "b"], ["a", "b", "c"]),
            ([true, false, true, false], [false, true]),
            ([[1, 2], [1, 2], [2, 1]], [[2, 1], [1, 2]]),
            ([nil, nil, 1, nil], [nil, 1]),
            ([["a": 1, "b": 2], ["b": 2, "a": 1]], [["a": 1, "b": 2]]),
            ([1, "1", 1.0], [1.0, 1, "1"]),
            ([], []),
        ]
        for (array, expected) in cases {
            let result = try run("States.ArrayUnique($.a)", ["a": array])
            #expect(result.serialized() == expected.serialized(), "\(array)")
        }
        #expect(try cause("States.ArrayUnique('x')") == invalid("States.ArrayUnique('x')", "States.ArrayUnique"))
    }

    @Test func javaHashCodes() {
        #expect(Java.stringHash("HelloWorld") == 439_329_280)
        #expect(Java.hashCode(.double(1.1)) == -1_503_133_693)
        #expect(Java.hashCode(.int(5_000_000_000)) == 705_032_705)
        #expect(Java.hashCode([1, 2]) == 994)
        #expect(Java.hashCode(["a": 1]) == 96)
    }
}
