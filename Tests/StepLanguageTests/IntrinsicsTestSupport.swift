import StepJSON
import Testing

@testable import StepLanguage

/// A small deterministic generator for the tests.
struct TestGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Resolves the simple paths the tests use (`$`, `$.a.b`, `$[0]`, `$$.a`, `$var.a`) by walking
/// members; a missing member throws.
enum IntrinsicTestSupport {
    static func context(input: JSON) -> JSON {
        [
            "Execution": ["Name": "<ExecArnPart_0idx>", "Input": input],
            "StateMachine": [
                "Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
                "Name": "<ArnPart_0idx>",
            ],
        ]
    }

    static func resolve(_ path: JSONPath, input: JSON, context: JSON, variables: [String: JSON]) throws(StatesError) -> JSON {
        var text = Substring(path.text)
        var value: JSON
        if text.hasPrefix("$$") {
            value = context
            text = text.dropFirst(2)
        } else if text.hasPrefix("$.") || text.hasPrefix("$[") || text == "$" {
            value = input
            text = text.dropFirst(1)
        } else {
            let name = text.dropFirst().prefix(while: { $0 != "." && $0 != "[" })
            guard let v = variables[String(name)] else { throw StatesError.runtime("no variable \(name)") }
            value = v
            text = text.dropFirst(1 + name.count)
        }
        for part in text.split(separator: ".") {
            var key = Substring(part)
            var indices: [Int] = []
            while let open = key.lastIndex(of: "["), let i = Int(key[key.index(after: open)...].dropLast()) {
                indices.insert(i, at: 0)
                key = key[..<open]
            }
            if !key.isEmpty {
                guard let member = value[String(key)] else { throw StatesError.runtime("missing \(path.text)") }
                value = member
            }
            for i in indices {
                guard case .array(let a) = value, a.indices.contains(i) else {
                    throw StatesError.runtime("missing \(path.text)")
                }
                value = a[i]
            }
        }
        return value
    }

    static func evaluate(
        _ call: IntrinsicCall, input: JSON, context: JSON = [:], variables: [String: JSON] = [:], seed: UInt64 = 7
    ) throws(StatesError) -> JSON {
        var generator = TestGenerator(state: seed)
        return try call.evaluate(
            resolve: { (path: JSONPath) throws(StatesError) -> JSON in
                try resolve(path, input: input, context: context, variables: variables)
            },
            random: &generator)
    }

    /// Parses and evaluates `expression` against `input`.
    static func run(_ expression: String, _ input: JSON = [:], variables: [String: JSON] = [:], seed: UInt64 = 7)
        throws -> JSON
    {
        let call = try IntrinsicCall(parsing: expression)
        return try evaluate(call, input: input, context: context(input: input), variables: variables, seed: seed)
    }

    /// The cause of the error `expression` fails with, or nil when it succeeds.
    static func cause(_ expression: String, _ input: JSON = [:]) throws -> String? {
        do {
            _ = try run(expression, input)
            return nil
        } catch let error as StatesError {
            #expect(error.error == "States.Runtime")
            return error.cause
        }
    }

    /// The evaluated arguments of `call`, as an array.
    static func values(_ call: IntrinsicCall, input: JSON) -> JSON {
        .array(
            call.arguments.map { argument in
                switch argument {
                case .literal(let v): return v
                case .path(let p): return (try? resolve(p, input: input, context: [:], variables: [:])) ?? .null
                case .call(let c): return (try? evaluate(c, input: input)) ?? .null
                }
            })
    }
}
