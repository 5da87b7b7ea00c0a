import StepJSON

/// What `$$` and `$name` resolve against while a state's fields are evaluated.
/// The engine implements it; the context object is built only when a path asks for it.
public protocol EvaluationEnvironment {
    /// The context object (`$$`).
    func contextObject() -> JSON
    /// The value of a workflow variable visible to the state, or `nil` when none has that name.
    func variable(_ name: String) -> JSON?
    /// Every variable visible to the state (inner scopes hide outer ones), for JSONata bindings.
    func visibleVariables() -> [String: JSON]
    /// JSONata's `$states`: `input`, `context`, and where the state has them `result` and `errorOutput`.
    func statesObject(input: JSON) -> JSON
    /// The instant `$now()` and `$millis()` report.
    func nowMilliseconds() -> Double?
}

/// An environment with a fixed context object and variables; for tests and for `stepline run` helpers.
public struct StaticEnvironment: EvaluationEnvironment {
    public var context: JSON
    public var variables: [String: JSON]
    /// What JSONata's `$now()` and `$millis()` answer; `nil`: the evaluator reads the clock.
    public var now: Double?

    public init(context: JSON = .object(JSONObject()), variables: [String: JSON] = [:], now: Double? = nil) {
        self.context = context
        self.variables = variables
        self.now = now
    }

    public func contextObject() -> JSON { context }
    public func variable(_ name: String) -> JSON? { variables[name] }
    public func visibleVariables() -> [String: JSON] { variables }
    public func statesObject(input: JSON) -> JSON { .object(["input": input, "context": context]) }
    public func nowMilliseconds() -> Double? { now }
}

extension JSONPath {
    /// Resolves the path against the state's data, the context object or a variable.
    public func resolve(input: JSON, environment: some EvaluationEnvironment) -> JSON? {
        switch root {
        case .input: return evaluate(in: input)
        case .context: return evaluate(in: environment.contextObject())
        case .variable(let name):
            guard let v = environment.variable(name) else { return nil }
            return evaluate(in: v)
        }
    }

    /// The document this path reads, for error messages.
    public func document(input: JSON, environment: some EvaluationEnvironment) -> JSON? {
        switch root {
        case .input: return input
        case .context: return environment.contextObject()
        case .variable(let name): return environment.variable(name)
        }
    }
}
