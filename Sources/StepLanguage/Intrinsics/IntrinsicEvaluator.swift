public import StepJSON

extension IntrinsicCall {
    /// Evaluates; `resolve` turns a path argument into its value (the caller handles $, $$ and
    /// variables and throws AWS's error for a missing path).
    ///
    /// Arguments are evaluated left to right, nested calls first. Errors from `resolve` pass through
    /// unchanged. A function that cannot use its arguments fails as AWS does, with `States.Runtime` and
    /// the cause `There was an error while evaluating the intrinsic function: States.Name(args).
    /// Invalid arguments in States.Name` (the engine adds the usual "An error occurred while executing
    /// the state …" prefix). `States.MathRandom` without a seed and `States.UUID` draw from `random`.
    public func evaluate(
        resolve: (JSONPath) throws(StatesError) -> JSON,
        random: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSON {
        try evaluate(
            resolving: { (path: JSONPath, _: IntrinsicCall) throws(StatesError) -> JSON in
                try resolve(path)
            }, random: &random)
    }

    /// Like `evaluate(resolve:random:)`, but `lookup` answers `nil` for a path that matches nothing and
    /// the call then fails with the cause AWS gives for a missing intrinsic argument:
    /// `There was an error while evaluating the intrinsic function: States.Name(args). The JsonPath
    /// argument for the field '$.path' could not be found in the input '<input>'`, where `<input>` is
    /// `inputText(path)` (the serialised document the path was applied to).
    public func evaluate(
        lookup: (JSONPath) throws(StatesError) -> JSON?,
        inputText: (JSONPath) -> String,
        random: inout some RandomNumberGenerator
    ) throws(StatesError) -> JSON {
        try evaluate(
            resolving: { (path: JSONPath, call: IntrinsicCall) throws(StatesError) -> JSON in
                guard let value = try lookup(path) else {
                    let detail = "The JsonPath argument for the field '\(path.text)' could not be found in the input '\(inputText(path))'"
                    throw StatesError.runtime(Intrinsics.failureCause(call: call.text, detail: detail))
                }
                return value
            }, random: &random)
    }

    private func evaluate<R: RandomNumberGenerator>(
        resolving resolve: (JSONPath, IntrinsicCall) throws(StatesError) -> JSON,
        random: inout R
    ) throws(StatesError) -> JSON {
        var values: [JSON] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            switch argument {
            case .literal(let value): values.append(value)
            case .path(let path): values.append(try resolve(path, self))
            case .call(let call): values.append(try call.evaluate(resolving: resolve, random: &random))
            }
        }
        do {
            return try Intrinsics.apply(function, values, random: &random)
        } catch {
            throw StatesError.runtime(Intrinsics.failureCause(call: text, detail: error.detail))
        }
    }
}

/// A function rejected its arguments; `detail` is the part of the cause after the call text.
struct IntrinsicFailure: Error {
    var detail: String

    static func invalid(_ function: IntrinsicFunction) -> IntrinsicFailure {
        IntrinsicFailure(detail: function.invalidArguments)
    }
}

/// The implementations of the intrinsic functions, over evaluated argument values.
enum Intrinsics {
    /// The cause AWS gives when a call fails.
    static func failureCause(call: String, detail: String) -> String {
        "There was an error while evaluating the intrinsic function: \(call). \(detail)"
    }

    static func apply<R: RandomNumberGenerator>(
        _ function: IntrinsicFunction, _ args: [JSON], random: inout R
    ) throws(IntrinsicFailure) -> JSON {
        guard function.arity.contains(args.count) else { throw .invalid(function) }
        switch function {
        case .format: return try format(args)
        case .stringToJson: return try stringToJson(args[0])
        case .jsonToString: return .string(args[0].serialized())
        case .array: return .array(args)
        case .arrayPartition: return try arrayPartition(args[0], args[1])
        case .arrayContains: return try arrayContains(args[0], args[1])
        case .arrayRange: return try arrayRange(args[0], args[1], args[2])
        case .arrayGetItem: return try arrayGetItem(args[0], args[1])
        case .arrayLength: return .int(try array(args[0], .arrayLength).count)
        case .arrayUnique: return .array(Java.hashSetOrder(try array(args[0], .arrayUnique)))
        case .base64Encode: return try base64Encode(args[0])
        case .base64Decode: return try base64Decode(args[0])
        case .hash: return try hash(args[0], args[1])
        case .jsonMerge: return try jsonMerge(args[0], args[1], args[2])
        case .mathRandom: return try mathRandom(args, random: &random)
        case .mathAdd: return try mathAdd(args[0], args[1])
        case .stringSplit: return try stringSplit(args[0], args[1])
        case .uuid: return .string(uuid(random: &random))
        }
    }

    // MARK: - Argument checks shared by the functions

    static func array(_ value: JSON, _ function: IntrinsicFunction) throws(IntrinsicFailure) -> [JSON] {
        guard case .array(let a) = value else { throw .invalid(function) }
        return a
    }

    static func string(_ value: JSON, _ function: IntrinsicFunction) throws(IntrinsicFailure) -> String {
        guard case .string(let s) = value else { throw .invalid(function) }
        return s
    }

    /// A number argument as Java's `intValue()` sees it (fractions truncate toward zero).
    static func int(_ value: JSON, _ function: IntrinsicFunction) throws(IntrinsicFailure) -> Int {
        guard let i = Java.intValue(value) else { throw .invalid(function) }
        return i
    }

    /// AWS rejects string inputs longer than 10,000 characters (Java `String.length`, UTF-16 units).
    static let maximumInputLength = 10_000
}
