import StepJSON
import Testing

@testable import StepLanguage

private func run(_ expression: String, _ input: JSON = [:], variables: [String: JSON] = [:], seed: UInt64 = 7) throws -> JSON {
    try IntrinsicTestSupport.run(expression, input, variables: variables, seed: seed)
}

private func cause(_ expression: String, _ input: JSON = [:]) throws -> String? {
    try IntrinsicTestSupport.cause(expression, input)
}

private func invalid(_ call: String, _ function: String) -> String {
    "There was an error while evaluating the intrinsic function: \(call). Invalid arguments in \(function)"
}

@Suite struct IntrinsicsFormatTests {
    @Test func printsValuesAsAWSDoes() throws {
        let input: JSON = ["a": "x", "b": 2, "c": true, "nil": nil, "d": 3.5, "big": 9_007_199_254_740_991, "e": 1.0]
        #expect(try run("States.Format('{} {} {}', $.a, $.b, $.c)", input) == "x 2 true")
        #expect(try run("States.Format('{}|{}|{}|{}', $.nil, $.d, $.big, $.e)", input) == "null|3.5|9007199254740991|1.0")
        let object: JSON = ["o": ["Arg1": 1, "Arg2": [], "n": ["x": nil, "l": [1, "s", [true]]]]]
        #expect(try run("States.Format('{}', $.o)", object) == "{Arg1=1, Arg2=[], n={x=null, l=[1, s, [true]]}}")
        #expect(try run("States.Format('no placeholders')") == "no placeholders")
        #expect(try run("States.Format('{}', 1e20)") == "1.0E20")
    }

    @Test func honoursEscapes() throws {
        #expect(try run(#"States.Format('It\'s \{\} and \\ {}', 'x')"#) == #"It's {} and \ x"#)
        #expect(try run(#"States.Format('\\{}', 'x')"#) == #"\x"#)
    }

    @Test func takesTheTemplateFromAPathOrVariable() throws {
        #expect(try run("States.Format($.t, $.n)", ["t": "Hello {}!", "n": "Ada"]) == "Hello Ada!")
        #expect(
            try run("States.Format($AnswerTemplate, $.n)", ["n": "Pikachu"], variables: ["AnswerTemplate": "It's {}!"])
                == "It's Pikachu!")
    }

    @Test func failsOnBadTemplatesAndCounts() throws {
        let prefix = "There was an error while evaluating the intrinsic function: "
        #expect(
            try cause("States.Format('{} {}', 'a')")
                == prefix
                + "States.Format('{} {}', 'a'). Invalid arguments in States.Format: number of arguments do not match the occurrences of {}."
        )
        #expect(
            try cause("States.Format('Hello {', 'a')")
                == prefix + "States.Format('Hello {', 'a'). Invalid template in States.Format: matching '}' not found for '{'.")
        #expect(try cause("States.Format('Hello {{}}', 'a')")?.contains("matching '}' not found for '{'.") == true)
        #expect(try cause("States.Format('}')")?.contains("Invalid template in States.Format") == true)
        #expect(try cause("States.Format($.t, 'a')", ["t": 123]) == invalid("States.Format($.t, 'a')", "States.Format"))
        #expect(try cause("States.Format()") == invalid("States.Format()", "States.Format"))
    }
}

@Suite struct IntrinsicsJSONTests {
    @Test func stringToJson() throws {
        #expect(try run("States.StringToJson($.s)", ["s": ""]) == nil)
        #expect(try run("States.StringToJson($.s)", ["s": " "]) == nil)
        #expect(try run("States.StringToJson($.s)", ["s": "-0"]) == 0)
        #expect(try run("States.StringToJson($.s)", ["s": " {\"a\":1} "]).serialized() == #"{"a":1}"#)
        #expect(try run("States.StringToJson($.s)", ["s": "\"HelloWorld\""]) == "HelloWorld")
        #expect(try cause("States.StringToJson($.s)", ["s": "{bad json}"]) == invalid("States.StringToJson($.s)", "States.StringToJson"))
        #expect(try cause("States.StringToJson($.s)", ["s": "undefined"]) != nil)
        #expect(try cause("States.StringToJson($.s)", ["s": 123]) != nil)
        #expect(try cause("States.StringToJson($.a, $.b)", ["a": "1", "b": "2"]) != nil)
    }

    @Test func jsonToString() throws {
        #expect(try run("States.JsonToString($.o)", ["o": ["a": 1, "b": [true, nil, 1.5, 1.0]]]) == #"{"a":1,"b":[true,null,1.5,1.0]}"#)
        #expect(try run("States.JsonToString('x')") == #""x""#)
        #expect(try run("States.JsonToString($.o)", ["o": "HelloWorld"]) == #""HelloWorld""#)
        #expect(try cause("States.JsonToString()") == invalid("States.JsonToString()", "States.JsonToString"))
    }

    @Test func jsonMergeIsShallowInHashMapOrder() throws {
        let input: JSON = [
            "fst": ["a": ["a1": 1, "a2": 2], "b": 2, "d": 3],
            "snd": ["a": ["a3": 1, "a4": 2], "c": 3, "d": 4],
        ]
        #expect(
            try run("States.JsonMerge($.fst, $.snd, false)", input).serialized()
                == #"{"a":{"a3":1,"a4":2},"b":2,"c":3,"d":4}"#)
        let escaped = try run(
            #"States.JsonMerge(States.StringToJson('{"constant_in_literal": "false"}'), $.f, false)"#,
            ["f": ["constant_input_field": "constant_value"]])
        #expect(escaped.serialized() == #"{"constant_input_field":"constant_value","constant_in_literal":"false"}"#)
        #expect(
            try run("States.JsonMerge($.a, $.b, $.deep)", ["a": ["x": 1], "b": ["y": 2], "deep": "false"]).serialized() == #"{"x":1,"y":2}"#
        )
    }

    @Test func jsonMergeFailures() throws {
        #expect(
            try cause("States.JsonMerge($.a, $.b, true)", ["a": [:], "b": [:]])
                == invalid("States.JsonMerge($.a, $.b, true)", "States.JsonMerge"))
        #expect(try cause("States.JsonMerge($.a, $.b, false)", ["a": [], "b": [:]]) != nil)
        #expect(try cause("States.JsonMerge($.a, $.b, false)", ["a": [:], "b": nil]) != nil)
        #expect(try cause("States.JsonMerge($.a, $.b)", ["a": [:], "b": [:]]) != nil)
    }

    @Test func hashMapOrderGrowsWithTheMap() {
        // 13 keys: new HashMap<>(first) presizes to 32 buckets.
        var first = JSONObject()
        for i in 0..<13 { first["k\(i)"] = .int(i) }
        let merged = Java.hashMapMerge(first, [:])
        let expected = first.keys.sorted {
            (Java.bucket(Java.stringHash($0), capacity: 32), first.position(of: $0) ?? 0)
                < (Java.bucket(Java.stringHash($1), capacity: 32), first.position(of: $1) ?? 0)
        }
        #expect(merged.keys == expected)
    }
}

@Suite struct IntrinsicsStringTests {
    @Test func stringSplitTokenises() throws {
        #expect(try run("States.StringSplit($.s, ',')", ["s": ", , ,"]) == [" ", " "])
        #expect(try run("States.StringSplit($.s, ',')", ["s": ",,,,"]) == [])
        #expect(try run("States.StringSplit($.s, ',')", ["s": ""]) == [])
        #expect(try run("States.StringSplit($.s, '.+,=')", ["s": "This.is+a,test=string"]) == ["This", "is", "a", "test", "string"])
        #expect(
            try run("States.StringSplit($.s, $.d)", ["s": "split on T and \nnew line", "d": "T\n"]) == ["split on ", " and ", "new line"])
        #expect(try run("States.StringSplit('a\r\nb', '\n')") == ["a\r", "b"])
        #expect(try run("States.StringSplit('abc', '')") == ["abc"])
        #expect(try cause("States.StringSplit($.s, ',')", ["s": 123]) == invalid("States.StringSplit($.s, ',')", "States.StringSplit"))
        #expect(try cause("States.StringSplit('a', $.d)", ["d": [","]]) != nil)
    }

    @Test func base64() throws {
        #expect(try run("States.Base64Encode($.s)", ["s": "Data to encode"]) == "RGF0YSB0byBlbmNvZGU=")
        #expect(try run("States.Base64Encode('🚀')") == "8J+agA==")
        #expect(try run("States.Base64Encode('')") == "")
        #expect(try run("States.Base64Encode('ab')") == "YWI=")
        #expect(try run("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == "Data to encode")
        #expect(try run("States.Base64Decode('44GT44KT44Gr44Gh44Gv')") == "こんにちは")
        #expect(try run("States.Base64Decode(' YWJjZA== ')") == "abcd")
        #expect(try run("States.Base64Decode('ab==cd')") == "i")
        #expect(try run("States.Base64Decode('YWJj')") == "abc")
        #expect(try run("States.Base64Decode('YWI')") == "ab")
        #expect(try run("States.Base64Decode(States.Base64Encode($.s))", ["s": "hé\u{0}"]) == "hé\u{0}")
    }

    @Test func base64Limits() throws {
        let long = String(repeating: "a", count: 10_000)
        #expect(try cause("States.Base64Encode($.s)", ["s": .string(long)]) == nil)
        #expect(
            try cause("States.Base64Encode($.s)", ["s": .string(long + "a")]) == invalid("States.Base64Encode($.s)", "States.Base64Encode"))
        #expect(try cause("States.Base64Decode($.s)", ["s": .string(long + "A")]) != nil)
        #expect(try cause("States.Base64Encode(123)") == invalid("States.Base64Encode(123)", "States.Base64Encode"))
        #expect(try cause("States.Base64Encode('a', 'b')") != nil)
        #expect(try cause("States.Base64Decode($.o)", ["o": [:]]) != nil)
    }
}

@Suite struct IntrinsicsHashTests {
    @Test(arguments: [
        ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
        ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
        ("SHA-384", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
        (
            "SHA-512",
            "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"
        ),
    ])
    func digests(_ algorithm: String, _ digest: String) throws {
        #expect(try run("States.Hash($.d, $.a)", ["d": "input data", "a": .string(algorithm)]) == .string(digest))
    }

    @Test func hashEdges() throws {
        #expect(try run("States.Hash('hello', 'MD5')") == "5d41402abc4b2a76b9719d911017c592")
        #expect(try run("States.Hash('', 'SHA-256')") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try run("States.Hash(123, 'MD5')") == run("States.Hash('123', 'MD5')"))
        for bad in ["'sha-256'", "'SHA256'", "''", "'MD-5'", "123"] {
            let call = "States.Hash('data', \(bad))"
            #expect(try cause(call) == invalid(call, "States.Hash"))
        }
        #expect(try cause("States.Hash()") == invalid("States.Hash()", "States.Hash"))
        #expect(try cause("States.Hash($.s, 'MD5')", ["s": .string(String(repeating: "a", count: 10_001))]) != nil)
        #expect(try cause("States.Hash($.s, 'MD5')", ["s": .string(String(repeating: "a", count: 10_000))]) == nil)
    }
}

@Suite struct IntrinsicsMathTests {
    @Test(arguments: [
        (-9.0, 3.0, -6), (1.49, 1.5, 3), (1.5, 1.51, 4), (-1.49, -1.5, -2), (-1.5, -1.51, -3), (1.49, 0, 1),
        (1.49, -1.49, 0), (1.5, 0, 2), (-1.5, 0, -1), (-1.51, 0, -2), (0.5, 0, 1), (2.5, 0, 3), (-0.5, 0.5, 1),
        (-0.5, 0, 0), (-2.5, 0, -2), (-3.5, 0, -3), (1.6, 2.7, 5), (0.1, 0.2, 0),
    ])
    func mathAddRoundsHalfUp(_ a: Double, _ b: Double, _ sum: Int) throws {
        #expect(try run("States.MathAdd($.a, $.b)", ["a": .double(a), "b": .double(b)]) == .int(sum))
    }

    @Test func mathAddLimits() throws {
        #expect(try run("States.MathAdd(2147483646, 1)") == 2_147_483_647)
        #expect(try run("States.MathAdd(-2147483647, -1)") == -2_147_483_648)
        #expect(try run("States.MathAdd($.v, -1)", ["v": 111]) == 110)
        #expect(try cause("States.MathAdd(2147483647, 1)") == invalid("States.MathAdd(2147483647, 1)", "States.MathAdd"))
        for call in [
            "States.MathAdd(3000000000, 1)", "States.MathAdd('a', 1)", "States.MathAdd(null, 1)",
            "States.MathAdd(true, 1)", "States.MathAdd('-1', 2)", "States.MathAdd(1)", "States.MathAdd(1, 2, 3)",
        ] {
            #expect(try cause(call) == invalid(call, "States.MathAdd"))
        }
    }

    @Test func mathRandomStaysInRange() throws {
        for seed in UInt64(0)..<50 {
            guard case .int(let n) = try run("States.MathRandom($.a, $.b)", ["a": 12.5, "b": 44.51], seed: seed) else {
                Issue.record("not an integer")
                return
            }
            #expect(n >= 12 && n < 44)
        }
        #expect(try run("States.MathRandom(-99999, -9999)") != run("States.MathRandom(-99999, -9999)", seed: 8))
    }

    @Test func mathRandomWithSeedIsJavaRandom() throws {
        let first = try run("States.MathRandom(0, 999, 3)", seed: 1)
        #expect(first == (try run("States.MathRandom(0, 999, 3)", seed: 2)))
        var java = JavaRandom(seed: 3)
        #expect(first == .int(Int(java.nextInt(bound: 999))))
        var known = JavaRandom(seed: 42)
        #expect(known.nextInt() == -1_170_105_035)
        var pow2 = JavaRandom(seed: 42)
        #expect(pow2.nextInt(bound: 16) >= 0)
    }

    @Test func mathRandomFailures() throws {
        for call in [
            "States.MathRandom(1, 1)", "States.MathRandom(10, 5)", "States.MathRandom(1.4, 1.6)",
            "States.MathRandom('a', 10)", "States.MathRandom(1, 10, null)", "States.MathRandom(1, 10, 'seed')",
            "States.MathRandom(1)", "States.MathRandom(1, 10, 5, 99)", "States.MathRandom(-2000000000, 2000000000)",
        ] {
            #expect(try cause(call) == invalid(call, "States.MathRandom"))
        }
        #expect(try cause("States.MathRandom(1.6, 5.4)") == nil)
    }

    @Test func uuidIsVersion4() throws {
        guard case .string(let id) = try run("States.UUID()") else {
            Issue.record("not a string")
            return
        }
        let parts = id.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "4")
        #expect("89ab".contains(parts[3].first ?? "x"))
        #expect(id.allSatisfy { "0123456789abcdef-".contains($0) })
        #expect(try run("States.UUID()", seed: 8) != .string(id))
        #expect(try cause("States.UUID(1)") == invalid("States.UUID(1)", "States.UUID"))
    }
}

@Suite struct IntrinsicsNestingTests {
    @Test func nestedCallsCompose() throws {
        #expect(
            try run(
                "States.ArrayGetItem(States.StringSplit('a-b-c', '-'), States.MathAdd(States.ArrayLength(States.StringSplit('a-b-c', '-')), -1))"
            ) == "c")
        #expect(
            try run("States.Hash(States.Format('{}:{}', $.a, $.b), 'SHA-256')", ["a": "x", "b": "y"])
                == "1274e286686b54fe765ec40735665b4bf789cee2a5b22124c5e0491a88e15271")
        #expect(try run("States.Array(States.MathAdd($.x, -1), States.MathAdd($.x, 1))", ["x": 5]) == [4, 6])
    }

    @Test func innermostFailingCallIsNamed() throws {
        #expect(try cause("States.ArrayLength(States.MathAdd(1, 'a'))") == invalid("States.MathAdd(1, 'a')", "States.MathAdd"))
    }

    @Test func missingPathsFailAsAWSDoes() throws {
        let call = try IntrinsicCall(parsing: "States.Hash(States.Format('{}', $.missing), 'MD5')")
        var generator = TestGenerator(state: 1)
        do {
            _ = try call.evaluate(
                lookup: { (path: JSONPath) throws(StatesError) -> JSON? in nil }, inputText: { _ in "{}" },
                random: &generator)
            Issue.record("expected an error")
        } catch {
            #expect(error.error == "States.Runtime")
            #expect(
                error.cause
                    == "There was an error while evaluating the intrinsic function: States.Format('{}', $.missing). The JsonPath argument for the field '$.missing' could not be found in the input '{}'"
            )
        }
        let found = try call.evaluate(
            lookup: { (path: JSONPath) throws(StatesError) -> JSON? in "x" }, inputText: { _ in "" }, random: &generator)
        #expect(found == "9dd4e461268c8034f5c8564e155c67a6")
    }

    @Test func pathErrorsPassThrough() throws {
        do {
            _ = try run("States.Array($.missing)")
            Issue.record("expected an error")
        } catch let error as StatesError {
            #expect(error == StatesError.runtime("missing $.missing"))
        }
    }
}
