import Foundation
import StepJSON
import Testing

@testable import StepLanguage

/// Seeded, deterministic robustness tests: thousands of random and mutated inputs to the parsers and
/// evaluators. Errors are expected; crashes, hangs and errors without a location are not.
private struct Fuzz {
    var rng: SplitMix64

    init(_ seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }

    static let interestingStrings: [String] = [
        "", "$", "$$", "$.", "$..", "$[", "$[*]", "$.a", "$.a[0]", "$['a b']", "$..x", "$[?(@.v > 1)]", "$[-1:]", "$x",
        "$$.Map.Item.Value", "States.Format('{}', $.a)", "States.Format(", "States.Array(1,", "States.UUID()",
        "States.Nope()", "{% $x %}", "{%", "%}", "arn:aws:states:::lambda:invoke", "arn:", "not-arn",
        "arn:aws:lambda:us-east-1:111111111111:function:f", "A", "B", "Pass", "Task", "Choice", "Map", "Parallel",
        "Wait", "Fail", "Succeed", "JSONata", "JSONPath", "INLINE", "DISTRIBUTED", "STANDARD", "FULL",
        "2016-03-14T01:59:00Z", "not a date", "States.ALL", "States.Runtime", "\u{0}", "é", "😀", "\\", "\"", "'",
        String(repeating: "x", count: 300), String(repeating: "$.a", count: 50), "-1", "1e309", "~/~0~1",
    ]

    static let interestingValues: [JSON] = [
        .null, true, false, 0, -1, 1, 1.5, -0.0, .int(Int.max), .int(Int.min), 1e300, "", "x", [], [:], [1, "a", nil],
        ["k": "v"], 255, 86_400, 99_999_999_999,
    ]

    mutating func string() -> String {
        if chance(70) { return pick(Self.interestingStrings) }
        let alphabet = Array("$.[]*?()@'\"0123456789:-,abcxyz =<>!&|~/i{}%\\é😀\n\t")
        return String((0..<int(24)).map { _ in pick(alphabet) })
    }

    mutating func value(depth: Int = 0) -> JSON {
        switch int(depth > 3 ? 3 : 6) {
        case 0: return pick(Self.interestingValues)
        case 1: return .string(string())
        case 2: return .number(Double(int(2000)) - 1000 + (chance(30) ? 0.5 : 0))
        case 3: return .bool(chance(50))
        case 4: return .array((0..<int(4)).map { _ in value(depth: depth + 1) })
        default:
            var o = JSONObject()
            for _ in 0..<int(4) { o[string()] = value(depth: depth + 1) }
            return .object(o)
        }
    }

    /// `value` wrapped `levels` deep in arrays and objects.
    mutating func nest(_ v: JSON, _ levels: Int) -> JSON {
        var out = v
        for i in 0..<levels { out = i % 2 == 0 ? .array([out]) : .object(["n": out]) }
        return out
    }

    /// One structural mutation somewhere in `v`.
    mutating func mutate(_ v: JSON, depth: Int = 0) -> JSON {
        let here = depth > 6 || !v.isContainerValue || chance(25)
        if here {
            switch int(9) {
            case 0: return value()
            case 1: return .string(string())
            case 2: return nest(v, 1 + int(40))
            case 3: return .null
            case 4:
                if case .object(var o) = v, let k = o.keys.randomElement(using: &rng) {
                    o[k] = nil
                    return .object(o)
                }
                return v
            case 5:
                if case .object(var o) = v, let k = o.keys.randomElement(using: &rng), let x = o[k] {
                    o[
                        pick(["Next", "End", "Type", "States", "StartAt", "Resource", "Retry", "Catch", "ItemsPath", k + "Path", string()])] =
                        x
                    return .object(o)
                }
                return v
            case 6:
                if case .object(var o) = v {
                    o[
                        pick([
                            "Next", "End", "Type", "Default", "Parameters", "ResultPath", "InputPath", "Assign", "Seconds",
                            "TimeoutSeconds", "MaxConcurrency", "Branches", "ItemProcessor", "Choices", "Variable", "QueryLanguage",
                        ])] = value()
                    return .object(o)
                }
                return v
            case 7:
                if case .array(var a) = v, !a.isEmpty {
                    if chance(50) { a.remove(at: int(a.count)) } else { a.append(a[int(a.count)]) }
                    return .array(a)
                }
                return v
            default:
                switch v {
                case .string(let s): return chance(50) ? .number(Double(s.count)) : .array([v])
                case .int(let i): return .string(String(i))
                case .bool(let b): return .string(b ? "true" : "false")
                case .object(let o): return .array(Array(o.values))
                case .array(let a): return a.first ?? .object(JSONObject())
                default: return .object(JSONObject())
                }
            }
        }
        switch v {
        case .object(var o):
            guard let k = o.keys.randomElement(using: &rng), let child = o[k] else { return v }
            o[k] = mutate(child, depth: depth + 1)
            return .object(o)
        case .array(var a):
            guard !a.isEmpty else { return v }
            let i = int(a.count)
            a[i] = mutate(a[i], depth: depth + 1)
            return .array(a)
        default:
            return v
        }
    }
}

extension JSON {
    fileprivate var isContainerValue: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}

/// Valid definitions with most fields, in the shapes of the AWS conformance corpus.
private let seedDefinitions: [String] = [
    #"{"Comment":"c","StartAt":"A","TimeoutSeconds":60,"States":{"A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.r","Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.r.x","NumericEquals":1,"Next":"W"},{"And":[{"Variable":"$.s","IsPresent":true},{"Not":{"Variable":"$.s","StringMatches":"a*"}}],"Next":"F"}],"Default":"S"},"W":{"Type":"Wait","SecondsPath":"$.r.x","Next":"S"},"F":{"Type":"Fail","Error":"E","Cause":"c"},"S":{"Type":"Succeed"}}}"#,
    #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f","Payload.$":"$","n.$":"States.Format('{}', $.n)"},"ResultSelector":{"p.$":"$.Payload"},"ResultPath":"$.res","OutputPath":"$.res","TimeoutSeconds":30,"HeartbeatSeconds":10,"Retry":[{"ErrorEquals":["States.TaskFailed"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":2,"MaxDelaySeconds":5,"JitterStrategy":"FULL"}],"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"H"}],"End":true},"H":{"Type":"Pass","End":true}}}"#,
    #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B1","States":{"B1":{"Type":"Pass","End":true}}},{"StartAt":"B2","States":{"B2":{"Type":"Wait","Seconds":0,"End":true}}}],"ResultSelector":{"a.$":"$[0]"},"Next":"M"},"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,"ToleratedFailureCount":1,"ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value"},"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}"#,
    #"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1,"y.$":"$.v"},"Next":"B"},"B":{"Type":"Pass","Parameters":{"x.$":"$x"},"Next":"M"},"M":{"Type":"Map","Iterator":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"Parameters":{"x.$":"$x"},"End":true}}}"#,
    #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"b","Key":"k"}},"ItemBatcher":{"MaxItemsPerBatch":2},"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"I","States":{"I":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","End":true}}},"Label":"l","ToleratedFailurePercentage":10,"End":true}}}"#,
    #"{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Output":{"x":"{% $states.input.a %}"},"Assign":{"v":"{% 1 + 2 %}"},"Next":"C"},"C":{"Type":"Choice","Choices":[{"Condition":"{% $v > 1 %}","Next":"T"}],"Default":"T"},"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"f","Payload":"{% $states.input %}"},"Output":"{% $states.result %}","End":true}}}"#,
    #"{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"2016-03-14T01:59:00Z","Next":"W2"},"W2":{"Type":"Wait","TimestampPath":"$.t","Next":"F"},"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('{}', $.c)"}}}"#,
]

/// The AWS conformance corpus beside the repository (`../shared/conformance/cases`), when it is there.
private func corpusDefinitions(limit: Int) -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance/cases")
    guard let groups = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
    var out: [String] = []
    for g in groups.sorted() {
        let dir = root.appendingPathComponent(g)
        guard let cases = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
        for c in cases.sorted().prefix(6) {
            if let text = try? String(contentsOf: dir.appendingPathComponent(c).appendingPathComponent("definition.json"), encoding: .utf8)
            {
                out.append(text)
            }
        }
    }
    return Array(out.prefix(limit))
}

private func checkDefinition(_ json: JSON) {
    do {
        _ = try DefinitionParser.parse(json)
    } catch {
        #expect(!error.diagnostics.isEmpty)
        for d in error.diagnostics {
            #expect(d.location.hasPrefix("/"), "no location: \(d)")
            #expect(!d.message.isEmpty)
        }
    }
}

@Suite struct FuzzTests {
    @Test func mutatedDefinitionsNeverCrashAndErrorsHaveLocations() async throws {
        var f = Fuzz(0xDEF1)
        var seeds = try seedDefinitions.map { try JSON(parsing: $0) }
        for text in corpusDefinitions(limit: 60) { if let j = try? JSON(parsing: text) { seeds.append(j) } }
        for s in seeds { _ = try DefinitionParser.parse(s) }  // the seeds themselves are valid
        var parsed = 0
        var rejected = 0
        for i in 0..<2500 {
            if i % 25 == 0 { await Task.yield() }  // leave the test runner's threads to timer tests
            var d = seeds[i % seeds.count]
            for _ in 0..<(1 + f.int(4)) { d = f.mutate(d) }
            checkDefinition(d)
            do {
                _ = try DefinitionParser.parse(d)
                parsed += 1
            } catch {
                rejected += 1
            }
        }
        #expect(parsed > 100)
        #expect(rejected > 100)
    }

    @Test func definitionTextMutationsNeverCrash() async {
        var f = Fuzz(0x7E87)
        for i in 0..<600 {
            if i % 25 == 0 { await Task.yield() }  // leave the test runner's threads to timer tests
            var bytes = Array(seedDefinitions[i % seedDefinitions.count].utf8)
            for _ in 0..<(1 + f.int(3)) {
                guard !bytes.isEmpty else { break }
                let p = f.int(bytes.count)
                switch f.int(4) {
                case 0: bytes.remove(at: p)
                case 1: bytes.insert(f.pick(Array("{}[]\",:\\0x".utf8)), at: p)
                case 2: bytes[p] = UInt8(truncatingIfNeeded: f.int(256))
                default: bytes = Array(bytes.prefix(p))
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try DefinitionParser.parse(text)
            } catch {
                for d in error.diagnostics { #expect(d.location.hasPrefix("/")) }
            }
        }
    }

    @Test func deeplyNestedDefinitionsAreRejectedOrParsed() {
        var f = Fuzz(1)
        for levels in [50, 200, 400] {
            let nested = f.nest("x", levels)
            checkDefinition(["StartAt": "A", "States": ["A": ["Type": "Pass", "Result": nested, "End": true]]])
            checkDefinition(["StartAt": "A", "States": ["A": ["Type": "Pass", "Parameters": ["p": nested], "End": true]]])
            checkDefinition(nested)
        }
        var choice: JSON = ["Variable": "$.a", "IsNull": true]
        for _ in 0..<100 { choice = ["Not": choice] }
        if case .object(var o) = choice { o["Next"] = "S"; choice = .object(o) }
        checkDefinition([
            "StartAt": "C", "States": ["C": ["Type": "Choice", "Choices": [choice], "Default": "S"], "S": ["Type": "Succeed"]],
        ])
        var states: JSON = ["StartAt": "P", "States": ["P": ["Type": "Pass", "End": true]]]
        for i in 0..<40 {
            let parallel: JSON = ["Type": "Parallel", "Branches": [states], "End": true]
            var members = JSONObject()
            members["P\(i)"] = parallel
            states = ["StartAt": .string("P\(i)"), "States": .object(members)]
        }
        checkDefinition(states)
    }

    @Test func jsonParserNeverCrashes() async {
        var f = Fuzz(0x15)
        let pieces = [
            "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "1", "-", "0", ".", "e", "E", "+", "1e999", "-0", "true",
            "fals", "null", " ", "\\", "\\u", "\\ud800", "\\udc00", "\\u00e9", "é", "😀", "\u{0}", "\n", "123456789012345678901234567890",
        ]
        var accepted = 0
        for n in 0..<4000 {
            if n % 100 == 0 { await Task.yield() }
            let text = (0..<f.int(16)).map { _ in f.pick(pieces) }.joined()
            if let v = try? JSON(parsing: text) {
                accepted += 1
                // Whatever parses serialises and parses back to the same value (numbers too big for a double,
                // such as 1e999, become Infinity, which has no JSON form).
                let out = v.serialized()
                if !out.contains("Infinity") { #expect((try? JSON(parsing: out)) == v, "\(text)") }
            }
        }
        #expect(accepted > 50)
        // 3000 levels, not more: 5000 overflows the stack of a test thread in a debug build (see JSONDepthTests).
        for depth in [100, 1000, 3000] {
            _ = try? JSON(parsing: String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
            _ = try? JSON(parsing: String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth))
            _ = try? JSON(parsing: String(repeating: "[", count: depth))
        }
        for bytes in [[0xFF], [0xC3], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xEF, 0xBB, 0xBF, 0x31]] as [[UInt8]] {
            _ = try? JSON(parsing: bytes)
        }
    }

    @Test func jsonPathsNeverCrash() async throws {
        var f = Fuzz(0xA7)
        let documents: [JSON] = [
            try JSON(parsing: #"{"a":{"b":[1,{"c":2}],"x y":3},"arr":[10,20,30],"n":null,"s":"str","v":[{"v":1},{"v":2.5},{"w":"x"}]}"#),
            [], [:], .null, "x", 5, [[[1]]],
        ]
        let valid = ["$", "$.a", "$.a.b[1].c", "$['x y']", "$.arr[-1:]", "$.arr[0:2]", "$..v", "$.v[?(@.v > 1)]", "$.v[*].w", "$[*]"]
        var parsedCount = 0
        for i in 0..<5000 {
            if i % 25 == 0 { await Task.yield() }  // leave the test runner's threads to timer tests
            var text = i % 3 == 0 ? f.pick(valid) : f.string()
            if i % 3 == 1 {
                var chars = Array(f.pick(valid))
                let p = f.int(chars.count + 1)
                chars.insert(contentsOf: Array(f.string().prefix(3)), at: p)
                text = String(chars)
            }
            guard let p = try? JSONPath(parsing: text) else { continue }
            parsedCount += 1
            for d in documents {
                let r = p.evaluate(in: d)
                if !p.isDefinite { #expect(r?.arrayValue != nil, "\(text) must give an array") }
                if p.isDefinite, r == nil, !p.isRoot {
                    let message = p.missingDescription(in: d)
                    #expect(message.hasPrefix("No results for path: $") || message.hasPrefix("Missing property in path $"))
                }
                if p.isReference, p.root == .input { _ = try? p.setting(f.value(), in: d) }
                _ = p.resolve(input: d, environment: StaticEnvironment(context: d, variables: ["x": d]))
            }
        }
        #expect(parsedCount > 1000)
    }

    @Test func intrinsicsNeverCrash() async throws {
        var f = Fuzz(0x1A7)
        let input = try JSON(
            parsing: #"{"a":1,"s":"a,b,c","arr":[1,2,2,"x",null],"o":{"k":[1]},"big":1e300,"t":"{}","b64":"aGk=","neg":-5}"#)
        let functions = IntrinsicFunction.allCasesForFuzz
        let args = [
            "$.a", "$.s", "$.arr", "$.o", "$.big", "$.t", "$.b64", "$.neg", "$.missing", "$", "$$.x", "$v", "1", "-1", "0",
            "2.5", "1000", "1001", "99999999999", "null", "true", "'abc'", "'{}'", "'{} {}'", "'\\''", "'MD5'", "'SHA-256'", "','",
            "'[1,2]'", "'{\"a\":1}'", "''", "$.arr[0]", "$.arr[*]",
        ]
        var parsedCount = 0
        for i in 0..<4000 {
            if i % 25 == 0 { await Task.yield() }  // leave the test runner's threads to timer tests
            var text: String
            if i % 4 == 3 {
                text = f.string()
            } else {
                func call(_ depth: Int) -> String {
                    let n = f.int(4)
                    let list = (0..<n).map { _ in depth < 2 && f.chance(15) ? call(depth + 1) : f.pick(args) }
                    return f.pick(functions) + "(" + list.joined(separator: f.chance(90) ? ", " : ",,") + (f.chance(95) ? ")" : "")
                }
                text = call(0)
            }
            guard let c = try? IntrinsicCall(parsing: text) else { continue }
            parsedCount += 1
            var rng = SplitMix64(seed: UInt64(i))
            let env = StaticEnvironment(context: ["x": 1], variables: ["v": [1, 2]])
            let result = try? c.evaluate(
                resolve: { (p: JSONPath) throws(StatesError) -> JSON in
                    guard let v = p.resolve(input: input, environment: env) else { throw StatesError.runtime("missing") }
                    return v
                }, random: &rng)
            if let result { _ = result.serialized() }
        }
        #expect(parsedCount > 1000)
    }
}

extension IntrinsicFunction {
    fileprivate static var allCasesForFuzz: [String] {
        [
            "States.Format", "States.StringToJson", "States.JsonToString", "States.Array", "States.ArrayPartition",
            "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique",
            "States.Base64Encode", "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom",
            "States.MathAdd", "States.StringSplit", "States.UUID",
        ]
    }
}
