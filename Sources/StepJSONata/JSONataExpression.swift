public import StepJSON

/// A compiled JSONata expression: parse once, evaluate many times, from any thread.
public struct JSONataExpression: Sendable {
    let root: Node
    /// The expression text it was compiled from.
    public let source: String

    /// How deeply an expression may nest: parentheses, constructors, calls and operands within each other, and
    /// chains of operators (`1 + 2 + …` nests one level per operator). Deeper expressions fail to compile with
    /// `JSONataError.nestingCode`; everything that walks a compiled expression is safe to this depth on a 512 KiB
    /// thread stack.
    public static let maximumNesting = 100

    /// Compiles `source`; syntax errors carry the reference's `S0xxx` codes.
    public init(_ source: String) throws(JSONataError) {
        self.source = source
        do throws(JSONataError) {
            root = try compileExpression(source)
        } catch {
            var e = error
            e.populateMessage()
            throw e
        }
    }

    /// Evaluates against `input` (nil = undefined). Returns nil for an undefined result.
    public func evaluate(input: JSON?, environment: JSONataEnvironment = JSONataEnvironment()) throws(JSONataError)
        -> JSON?
    {
        let evaluator = Evaluator(environment: environment)
        let frame = Frame(parent: nil)
        for (name, value) in environment.bindings { frame.bind(name, Value(value)) }
        var inputValue = Value(input)
        frame.bind("$", inputValue)
        if case .jarray(let a) = inputValue {
            inputValue = .array([.jarray(a)], [.sequence, .outerWrapper])
        }
        do throws(JSONataError) {
            let result = try evaluator.eval(root, inputValue, frame)
            if environment.rejectFunctionResults, result.isFunction {
                throw JSONataError(code: JSONataError.functionResultCode, message: "The result is a function")
            }
            return try evaluator.output(result)
        } catch {
            var e = error
            e.populateMessage()
            throw e
        }
    }
}

extension Evaluator {
    /// Converts a result to JSON, refusing non-finite numbers as the reference's output would.
    func output(_ v: Value) throws(JSONataError) -> JSON? {
        if case .number(let d) = v, !d.isFinite { throw jerr("D1001", value: v) }
        let json = try v.toJSONChecked(limit: stackLimit)
        // Input documents inside the result count too: nothing deeper than a document may be leaves.
        if let json, json.nestingExceeds(JSON.maximumNestingDepth) { throw valueNestingError() }
        return json
    }
}

/// What an evaluation sees besides its input: variables, host functions, the clock, limits.
public struct JSONataEnvironment: Sendable {
    /// `$name` variables.
    public var bindings: [String: JSON]
    /// Extra functions callable as `$name(...)`, e.g. AWS's `$partition`, `$hash`, `$uuid`.
    public var functions: [String: JSONataNativeFunction]
    /// The instant `$now()` and `$millis()` report, in milliseconds since the epoch; nil = the real clock.
    public var nowMillis: Double?
    /// Evaluation stops with `U1001` after this many milliseconds (as the reference suite's `timelimit`
    /// does; it depends on the machine's load, so workflows use `stepLimit` instead).
    public var timeLimitMilliseconds: Int?
    /// Evaluation stops with `U1001` after about this many steps: one per node evaluated, one per item
    /// a range or a built-in makes, one per 16 bytes of a string built. The same expression and input
    /// stop at the same point on every machine and every replay, and the budget bounds memory too.
    public var stepLimit: Int?
    /// Evaluation stops with `U1001` when nested evaluation goes deeper than this.
    public var maxDepth: Int?
    /// Throw `JSONataError.functionResultCode` when the result is a function, instead of giving `""` as
    /// `$string` would (Step Functions refuses such results).
    public var rejectFunctionResults = false
    /// Seed for `$random()` and `$shuffle()`; nil = system randomness.
    public var randomSeed: UInt64?

    public init(
        bindings: [String: JSON] = [:], functions: [String: JSONataNativeFunction] = [:], nowMillis: Double? = nil,
        timeLimitMilliseconds: Int? = nil, maxDepth: Int? = nil, randomSeed: UInt64? = nil
    ) {
        self.bindings = bindings
        self.functions = functions
        self.nowMillis = nowMillis
        self.timeLimitMilliseconds = timeLimitMilliseconds
        self.maxDepth = maxDepth
        self.randomSeed = randomSeed
    }
}

/// A host function callable from expressions. Arguments arrive as JSON (nil = undefined),
/// after validation against `signature` (JSONata syntax, e.g. `<s-n?:s>`) when one is given.
public struct JSONataNativeFunction: Sendable {
    public let signature: String?
    public let body: @Sendable ([JSON?]) throws(JSONataError) -> JSON?

    public init(signature: String?, _ body: @escaping @Sendable ([JSON?]) throws(JSONataError) -> JSON?) {
        self.signature = signature
        self.body = body
    }
}
