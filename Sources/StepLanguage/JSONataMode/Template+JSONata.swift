import StepJSON
import StepJSONata

extension Template {
    /// Evaluates a `{% %}` expression of a JSONata state: AWS's causes for undefined results and failures.
    static func evaluateJSONata(
        _ expression: JSONataExpression, field: String, input: JSON, environment: some EvaluationEnvironment,
        random: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSON {
        let env = environment.jsonataEnvironment(input: input, seed: random.next())
        let value: JSON?
        do {
            value = try expression.evaluate(input: input, environment: env)
        } catch {
            if error.code == JSONataError.functionResultCode {
                throw StatesError(
                    StatesErrorName.queryEvaluationError,
                    cause:
                        "The JSONata expression '\(expression.source)' specified for the field '\(field)' returned an unsupported result type."
                )
            }
            throw StatesError(
                StatesErrorName.queryEvaluationError,
                cause:
                    "The JSONata expression '\(expression.source)' specified for the field '\(field)' threw an error during evaluation. \(error.code): \(error.message)"
            )
        }
        guard let value else {
            throw StatesError(
                StatesErrorName.queryEvaluationError,
                cause: "The JSONata expression '\(expression.source)' specified for the field '\(field)' returned nothing (undefined).")
        }
        return value
    }
}

extension Template {
    /// The steps one JSONata expression of a workflow may take (`JSONataEnvironment.stepLimit`): about a
    /// second of a release build's evaluation, far beyond what a state's expression needs.
    public static let jsonataStepBudget = 20_000_000
}

extension EvaluationEnvironment {
    /// The default JSONata environment: every visible variable, `$states`, and AWS's functions.
    public func jsonataEnvironment(input: JSON, seed: UInt64) -> JSONataEnvironment {
        var bindings = visibleVariables()
        bindings["states"] = statesObject(input: input)
        var env = JSONataEnvironment()
        env.bindings = bindings
        env.functions = AWSJSONataFunctions.functions(seed: seed)
        env.randomSeed = seed
        env.nowMillis = nowMilliseconds()
        env.rejectFunctionResults = true
        // A workflow's expression must not hang a worker or exhaust its memory, and must end the same way on
        // every machine and every replay: a budget of steps (not of time, which depends on the machine's
        // load) and a depth limit.
        env.stepLimit = Template.jsonataStepBudget
        env.maxDepth = 1_000
        return env
    }
}
