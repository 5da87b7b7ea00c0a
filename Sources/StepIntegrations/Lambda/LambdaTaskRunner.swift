import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import Synchronization

/// Answers Task states that call Lambda, with local handlers in place of functions:
/// - `arn:aws:states:::lambda:invoke` with `FunctionName`, `Payload`, `Qualifier`, `InvocationType`,
///   `LogType` and `ClientContext`; the result is the Invoke API's response (`Payload`, `StatusCode`,
///   `ExecutedVersion`, `SdkHttpMetadata`, …);
/// - a bare function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`); the result is the
///   function's own.
///
/// A function's error becomes the task's error as AWS names it: the `errorType` of the function's error
/// document (`Lambda.Unknown` when it has none), with the document as the cause; a function that is not
/// configured fails with `Lambda.ResourceNotFoundException`.
public final class LambdaTaskRunner: TaskRunner {
    let table: LambdaFunctionTable
    /// Functions uploaded through the Lambda API, looked up when the config names none.
    let repository: FunctionRepository?
    /// The uploaded functions in use, by name, with the revision their handler runs.
    let uploaded = Mutex<[String: (revision: String, function: LambdaFunction)]>([:])

    public init(functions: [LambdaFunction], repository: FunctionRepository? = nil) {
        self.table = LambdaFunctionTable(functions)
        self.repository = repository
    }

    /// The configured function a reference names, else the uploaded one (its handler started once per revision;
    /// a new revision's handler replaces the old one, whose workers are stopped).
    func lookup(_ reference: FunctionReference) -> LambdaFunction? {
        if let f = table.lookup(reference) { return f }
        guard let repository, reference.qualifier == nil || reference.qualifier == "$LATEST",
            let stored = repository.function(named: reference.name)
        else { return nil }
        var replaced: LambdaFunction?
        let function = uploaded.withLock { cache -> LambdaFunction? in
            if let hit = cache[reference.name], hit.revision == stored.revisionId { return hit.function }
            guard let config = try? stored.functionConfig() else { return nil }
            let f = config.makeFunction(FunctionReference(name: reference.name))
            replaced = cache[reference.name]?.function
            cache[reference.name] = (stored.revisionId, f)
            return f
        }
        if let replaced { Task { await replaced.handler.shutdown() } }
        return function
    }

    /// Whether `resource` is one this runner answers (`lambda:invoke` or a function ARN).
    public static func handles(_ resource: String) -> Bool {
        isInvoke(resource) || isFunctionArn(resource)
    }

    static func isInvoke(_ resource: String) -> Bool {
        guard let arn = ARN(parsing: resource) else { return false }
        return arn.service == "states" && arn.region.isEmpty && arn.account.isEmpty && arn.resource == "lambda:invoke"
    }

    static func isFunctionArn(_ resource: String) -> Bool {
        resource.hasPrefix("arn:") && FunctionReference(resource) != nil
    }

    public func run(_ request: TaskRequest) async -> TaskOutcome {
        if Self.isInvoke(request.resource) {
            return await invoke(
                parameters: request.input, executionArn: request.executionArn, timeoutSeconds: request.timeoutSeconds)
        }
        if Self.isFunctionArn(request.resource), let reference = FunctionReference(request.resource) {
            return await runFunction(reference, request)
        }
        return .failure(
            error: StatesErrorName.taskFailed, cause: "The resource '\(request.resource)' is not a Lambda function")
    }

    /// Ends the handlers' worker processes.
    public func shutdown() async {
        for f in table.all { await f.handler.shutdown() }
        for f in uploaded.withLock({ $0.values.map(\.function) }) { await f.handler.shutdown() }
    }

    /// The function a name or ARN resolves to, if one is configured.
    public func function(named text: String) -> LambdaFunction? {
        FunctionReference(text).flatMap(lookup)
    }

    /// The Invoke API: runs the named function (configured or uploaded) with a payload; `nil` when there is none.
    public func invokeDirect(_ name: String, payload: String, region: String, account: String, captureLog: Bool)
        async -> LambdaResult?
    {
        guard let reference = FunctionReference(name), let function = lookup(reference) else { return nil }
        return await call(
            function, reference, payload: payload, taskTimeout: nil, region: region, account: account, captureLog: captureLog)
    }

    // MARK: - Bare function ARN

    func runFunction(_ reference: FunctionReference, _ request: TaskRequest) async -> TaskOutcome {
        let (region, account) = ExecutionArn.regionAndAccount(request.executionArn)
        guard let function = lookup(reference) else {
            return LambdaServiceError.notFound(reference, region: region, account: account).outcome
        }
        let result = await call(
            function, reference, payload: request.input.serialized(), taskTimeout: request.timeoutSeconds,
            region: region, account: account, captureLog: false)
        if result.isError {
            // The bare resource passes the function's error document through as the runtime wrote it.
            return .failure(error: Self.errorType(result.payload) ?? "Lambda.Unknown", cause: Self.unknownCause(result.payload))
        }
        return .success(Self.parsePayload(result.payload))
    }

    // MARK: - lambda:invoke

    /// `lambda:invoke` with these parameters (`FunctionName`, `Payload`, …), for an execution (whose
    /// region and account complete bare function names) and a task timeout in seconds.
    public func invoke(parameters input: JSON, executionArn: String, timeoutSeconds: Int? = nil) async -> TaskOutcome {
        let (region, account) = ExecutionArn.regionAndAccount(executionArn)
        guard case .object(let parameters) = input else {
            return .failure(error: StatesErrorName.runtime, cause: "The parameters of lambda:invoke must be an object")
        }
        guard let name = parameters["FunctionName"]?.stringValue else {
            return LambdaServiceError.invalidParameter(
                "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null"
            ).outcome
        }
        guard var reference = FunctionReference(name) else {
            return LambdaServiceError.invalidParameter(
                "1 validation error detected: Value '\(name)' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
            ).outcome
        }
        if let q = parameters["Qualifier"]?.stringValue { reference.qualifier = q }
        let payload: String
        switch parameters["Payload"] {
        case nil, .null?: payload = "{}"
        case .string(let text)?:
            // A string payload is sent as it is: it must be JSON text itself.
            do {
                _ = try JSON(parsing: text)
            } catch {
                return LambdaServiceError.invalidRequestContent(
                    "Could not parse request body into json: Could not parse payload into json: \(error)"
                ).outcome
            }
            payload = text
        case let value?: payload = value.serialized()
        }
        let invocationType = parameters["InvocationType"]?.stringValue ?? "RequestResponse"
        guard ["RequestResponse", "Event", "DryRun"].contains(invocationType) else {
            return LambdaServiceError.invalidParameter(
                "1 validation error detected: Value '\(invocationType)' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"
            ).outcome
        }
        let captureLog = parameters["LogType"]?.stringValue == "Tail"
        guard let function = lookup(reference) else {
            return LambdaServiceError.notFound(reference, region: region, account: account).outcome
        }
        var clientContext: String?
        if let encoded = parameters["ClientContext"]?.stringValue, let data = Data(base64Encoded: encoded) {
            clientContext = String(decoding: data, as: UTF8.self)
        }
        let requestId = Self.newRequestId()
        switch invocationType {
        case "DryRun", "Event":
            if invocationType == "Event" {
                Task.detached { [self] in
                    _ = await call(
                        function, reference, payload: payload, taskTimeout: nil, region: region, account: account,
                        captureLog: false, clientContext: clientContext)
                }
            }
            let status = invocationType == "Event" ? 202 : 204
            return .success(
                LambdaInvokeResponse(
                    payload: "", contentLength: 0, requestId: requestId, executedVersion: nil, statusCode: status,
                    logResult: nil
                ).json)
        default: break
        }
        let result = await call(
            function, reference, payload: payload, taskTimeout: timeoutSeconds, region: region, account: account,
            captureLog: captureLog, clientContext: clientContext, requestId: requestId)
        if result.isError {
            let type = Self.errorType(result.payload)
            // Step Functions re-serializes the error document (compact JSON) in the cause.
            let cause = type == nil ? Self.unknownCause(result.payload) : Self.compact(result.payload)
            return .failure(error: type ?? "Lambda.Unknown", cause: cause)
        }
        var logResult: String?
        if captureLog {
            logResult = Self.logTail(
                result, requestId: requestId, version: reference.executedVersion, memory: function.memorySize)
        }
        return .success(
            LambdaInvokeResponse(
                payload: Self.parsePayload(result.payload), contentLength: result.payload.utf8.count,
                requestId: requestId, executedVersion: reference.executedVersion, statusCode: 200,
                logResult: logResult
            ).json)
    }

    // MARK: - Calling

    func call(
        _ function: LambdaFunction, _ reference: FunctionReference, payload: String, taskTimeout: Int?,
        region: String, account: String, captureLog: Bool, clientContext: String? = nil,
        requestId: String = LambdaTaskRunner.newRequestId()
    ) async -> LambdaResult {
        // The engine times the task out; a call still running a moment after that is killed here.
        var timeout = function.timeoutSeconds
        if let t = taskTimeout { timeout = min(timeout, Double(t) + 1) }
        let invocation = LambdaInvocation(
            requestId: requestId, payload: payload,
            functionArn: reference.arn(region: region, account: account), timeoutSeconds: timeout,
            clientContext: clientContext, captureLog: captureLog)
        return await function.handler.invoke(invocation)
    }

    // MARK: - Shapes

    static func newRequestId() -> String { UUID().uuidString.lowercased() }

    /// The payload as JSON; a function's bytes that are not JSON become a string.
    static func parsePayload(_ text: String) -> JSON {
        (try? JSON(parsing: text)) ?? .string(text)
    }

    static func errorType(_ payload: String) -> String? {
        guard case .object(let o)? = try? JSON(parsing: payload), let t = o["errorType"]?.stringValue, !t.isEmpty else {
            return nil
        }
        return t
    }

    static func compact(_ payload: String) -> String {
        (try? JSON(parsing: payload))?.serialized() ?? payload
    }

    /// Lambda.Unknown's cause, or the payload itself when it names its error type.
    static func unknownCause(_ payload: String) -> String {
        if errorType(payload) != nil { return payload }
        return "The cause could not be determined because Lambda did not return an error type. Returned payload: \(payload)"
    }

    /// The last 4 KB of the call's log as Lambda frames it, base64-encoded (`LogResult`).
    static func logTail(_ result: LambdaResult, requestId: String, version: String, memory: Int) -> String {
        let ms = result.durationMilliseconds
        var text = "START RequestId: \(requestId) Version: \(version)\n"
        text += result.log ?? ""
        text += "END RequestId: \(requestId)\n"
        text += "REPORT RequestId: \(requestId)\tDuration: \(String(format: "%.2f", ms)) ms\t"
        text += "Billed Duration: \(Int(ms.rounded(.up))) ms\tMemory Size: \(memory) MB\t\n"
        let bytes = Array(text.utf8)
        return Data(bytes.suffix(4096)).base64EncodedString()
    }
}
