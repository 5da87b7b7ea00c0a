import StepJSON

/// The error documents Lambda's own service writes when a function cannot answer for itself.
enum LambdaRuntimeErrors {
    /// The runtime process ended during a call (`Runtime.ExitError`).
    static func exited(_ requestId: String, _ exit: ProcessExit) -> LambdaResult {
        document(
            "Runtime.ExitError", "RequestId: \(requestId) Error: Runtime exited with error: \(exit.description)")
    }

    /// The call ran past its timeout and was stopped (`Sandbox.Timedout`).
    static func timedOut(_ requestId: String, seconds: Double) -> LambdaResult {
        document(
            "Sandbox.Timedout",
            "RequestId: \(requestId) Error: Task timed out after \(formatSeconds(seconds)) seconds")
    }

    /// The runtime could not be started at all (`Runtime.InvalidEntrypoint`, as Lambda names a bad runtime).
    static func cannotStart(_ requestId: String, _ message: String) -> LambdaResult {
        document("Runtime.InvalidEntrypoint", "RequestId: \(requestId) Error: \(message)")
    }

    /// The runtime answered with something that is not the protocol.
    static func invalidAnswer(_ requestId: String) -> LambdaResult {
        document("Runtime.InvalidResponse", "RequestId: \(requestId) Error: the runtime's answer could not be read")
    }

    static func document(_ type: String, _ message: String) -> LambdaResult {
        let body: JSON = ["errorMessage": .string(message), "errorType": .string(type)]
        return LambdaResult(payload: body.serialized(), functionError: "Unhandled")
    }

    static func formatSeconds(_ s: Double) -> String {
        let hundredths = Int((s * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100)." + (frac < 10 ? "0" : "") + "\(frac)"
    }
}
