/// A function the Lambda runner can call: the name (or ARN) it answers to and the handler that runs it.
public struct LambdaFunction: Sendable {
    /// Which calls it answers: a name matches that name in any region and account; a qualified
    /// reference (`name:alias`) matches only that qualifier, an unqualified one every qualifier.
    public var reference: FunctionReference
    public var handler: any LambdaHandler
    /// Seconds a call may run (the function's timeout).
    public var timeoutSeconds: Double
    /// Reported in the log's `REPORT` line (and to Python handlers as `context.memory_limit_in_mb`).
    public var memorySize: Int

    public init(reference: FunctionReference, handler: any LambdaHandler, timeoutSeconds: Double = 900, memorySize: Int = 128) {
        self.reference = reference
        self.handler = handler
        self.timeoutSeconds = timeoutSeconds
        self.memorySize = memorySize
    }
}

/// Functions by name, and the lookup rules of the Lambda API.
struct LambdaFunctionTable: Sendable {
    private var byName: [String: [LambdaFunction]] = [:]

    init(_ functions: [LambdaFunction]) {
        for f in functions { byName[f.reference.name, default: []].append(f) }
    }

    /// The function a reference names: one registered with the same qualifier, else the unqualified one.
    func lookup(_ reference: FunctionReference) -> LambdaFunction? {
        guard let candidates = byName[reference.name] else { return nil }
        if let q = reference.qualifier, let exact = candidates.first(where: { $0.reference.qualifier == q }) {
            return exact
        }
        return candidates.first { $0.reference.qualifier == nil }
            ?? (reference.qualifier == nil ? candidates.first { $0.reference.qualifier == "$LATEST" } : nil)
    }

    var all: [LambdaFunction] { byName.values.flatMap { $0 } }
}
