import Dispatch
import Foundation
import StepIntegrations
import StepJSON

/// The part of the AWS Lambda API that Stepline's functions need (REST JSON under `/2015-03-31/functions`):
/// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
/// UpdateFunctionConfiguration, DeleteFunction and Invoke. Uploaded functions are Python (`python3.x`
/// runtimes) and run in Stepline's warm Python workers, in Task states as well as through Invoke.
public final class LambdaAPI: Sendable {
    public static let prefix = "/2015-03-31/functions"

    let repository: FunctionRepository
    let runner: LambdaTaskRunner
    let region: String
    let account: String

    public init(repository: FunctionRepository, region: String = "us-east-1", account: String = "111111111111") {
        self.repository = repository
        self.runner = LambdaTaskRunner(functions: [], repository: repository)
        self.region = region
        self.account = account
    }

    /// Answers one request under `/2015-03-31/functions`.
    public func handle(method: String, path: String, headers: [String: String], body: [UInt8]) async -> APIResponse {
        let rest = path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        do {
            switch (method, rest.count, rest.last) {
            case ("POST", 0, _): return try await create(body)
            case ("GET", 0, _): return .json(["Functions": .array(repository.list().map { configuration($0) })], contentType: Self.json)
            case ("GET", 1, _): return try get(rest[0])
            case ("GET", 2, "configuration"?): return .json(configuration(try stored(rest[0])), contentType: Self.json)
            case ("PUT", 2, "code"?): return try await updateCode(rest[0], body)
            case ("PUT", 2, "configuration"?): return try await updateConfiguration(rest[0], body)
            case ("DELETE", 1, _):
                try await offPool { [repository] () throws(FunctionRepository.Failure) in
                    try repository.delete(name: try Self.name(rest[0]))
                }
                return APIResponse(status: 204)
            case ("POST", 2, "invocations"?): return try await invoke(rest[0], headers: headers, body: body)
            default:
                return Self.error(
                    FunctionRepository.Failure(
                        code: "UnknownOperationException", message: "Unknown operation \(method) \(path)", status: 404))
            }
        } catch {
            return Self.error(error)
        }
    }

    static let json = "application/json"

    func create(_ body: [UInt8]) async throws(FunctionRepository.Failure) -> APIResponse {
        let r = try Self.object(body)
        guard let name = r["FunctionName"]?.stringValue else { throw Self.invalid("FunctionName is required") }
        guard let handler = r["Handler"]?.stringValue else { throw Self.invalid("Handler is required for a Zip package") }
        guard let runtime = r["Runtime"]?.stringValue else { throw Self.invalid("Runtime is required for a Zip package") }
        guard let zipText = r["Code"]?["ZipFile"]?.stringValue, let zip = Data(base64Encoded: zipText) else {
            throw Self.invalid("Code.ZipFile is required: Stepline takes the function's code as a zip file")
        }
        var configured = FunctionRepository.Settings(runtime: runtime, handler: handler)
        Self.apply(r, to: &configured)
        let settings = configured
        let functionName = try Self.name(name)
        let f = try await offPool { [repository] () throws(FunctionRepository.Failure) in
            try repository.create(name: functionName, settings: settings, zip: [UInt8](zip))
        }
        return .json(configuration(f), status: 201, contentType: Self.json)
    }

    func get(_ nameText: String) throws(FunctionRepository.Failure) -> APIResponse {
        let f = try stored(nameText)
        return .json(
            [
                "Configuration": configuration(f),
                "Code": ["RepositoryType": "S3", "Location": .string("file://\(f.codeDirectory)")],
            ], contentType: Self.json)
    }

    func updateCode(_ nameText: String, _ body: [UInt8]) async throws(FunctionRepository.Failure) -> APIResponse {
        let r = try Self.object(body)
        guard let zipText = r["ZipFile"]?.stringValue, let zip = Data(base64Encoded: zipText) else {
            throw Self.invalid("ZipFile is required: Stepline takes the function's code as a zip file")
        }
        let name = try Self.name(nameText)
        let f = try await offPool { [repository] () throws(FunctionRepository.Failure) in
            try repository.updateCode(name: name, zip: [UInt8](zip))
        }
        return .json(configuration(f), contentType: Self.json)
    }

    func updateConfiguration(_ nameText: String, _ body: [UInt8]) async throws(FunctionRepository.Failure) -> APIResponse {
        let r = try Self.object(body)
        let name = try Self.name(nameText)
        let f = try await offPool { [repository] () throws(FunctionRepository.Failure) in
            try repository.updateSettings(name: name) { Self.apply(r, to: &$0) }
        }
        return .json(configuration(f), contentType: Self.json)
    }

    /// Invoke: the function's payload as the body; an error document with `X-Amz-Function-Error: Unhandled`.
    func invoke(_ nameText: String, headers: [String: String], body: [UInt8]) async throws(FunctionRepository.Failure)
        -> APIResponse
    {
        let name = try Self.name(nameText)
        let payload = body.isEmpty ? "{}" : String(decoding: body, as: UTF8.self)
        guard (try? JSON(parsing: payload)) != nil else {
            throw FunctionRepository.Failure(
                code: "InvalidRequestContentException", message: "Could not parse request body into json", status: 400)
        }
        let invocationType = headers["x-amz-invocation-type"] ?? "RequestResponse"
        let captureLog = headers["x-amz-log-type"] == "Tail"
        guard repository.function(named: name) != nil || runner.function(named: name) != nil else {
            throw FunctionRepository.notFound(name, region: region, account: account)
        }
        switch invocationType {
        case "DryRun": return APIResponse(status: 204)
        case "Event":
            let runner = self.runner
            let (region, account) = (self.region, self.account)
            Task.detached {
                _ = await runner.invokeDirect(name, payload: payload, region: region, account: account, captureLog: false)
            }
            return APIResponse(status: 202)
        default: break
        }
        guard let result = await runner.invokeDirect(name, payload: payload, region: region, account: account, captureLog: captureLog)
        else { throw FunctionRepository.notFound(name, region: region, account: account) }
        var response = APIResponse(
            status: 200, headers: [("Content-Type", Self.json), ("X-Amz-Executed-Version", "$LATEST")],
            body: Array(result.payload.utf8))
        if let e = result.functionError { response.headers.append(("X-Amz-Function-Error", e)) }
        if captureLog, let log = result.log {
            response.headers.append(("X-Amz-Log-Result", Data(log.utf8.suffix(4096)).base64EncodedString()))
        }
        return response
    }

    // MARK: - Helpers

    func configuration(_ f: StoredFunction) -> JSON { f.configuration(region: region, account: account) }

    func stored(_ nameText: String) throws(FunctionRepository.Failure) -> StoredFunction {
        let name = try Self.name(nameText)
        guard let f = repository.function(named: name) else { throw FunctionRepository.notFound(name, region: region, account: account) }
        return f
    }

    /// The function name in a path or body member: a name, a partial ARN or a full ARN.
    static func name(_ text: String) throws(FunctionRepository.Failure) -> String {
        guard let reference = FunctionReference(text) else { throw invalid("Invalid function name: '\(text)'") }
        return reference.name
    }

    static func apply(_ r: JSON, to settings: inout FunctionRepository.Settings) {
        if let v = r["Runtime"]?.stringValue { settings.runtime = v }
        if let v = r["Handler"]?.stringValue { settings.handler = v }
        if let v = r["Role"]?.stringValue { settings.role = v }
        if let v = r["Description"]?.stringValue { settings.description = v }
        if let v = r["Timeout"]?.intValue { settings.timeout = max(1, min(v, 900)) }
        if let v = r["MemorySize"]?.intValue { settings.memorySize = max(128, min(v, 10_240)) }
        if case .object(let vars)? = r["Environment"]?["Variables"] {
            settings.environment = [:]
            for (k, v) in vars { settings.environment[k] = v.stringValue ?? v.serialized() }
        }
    }

    static func object(_ body: [UInt8]) throws(FunctionRepository.Failure) -> JSON {
        guard let value = try? JSON(parsing: body), case .object = value else {
            throw FunctionRepository.Failure(
                code: "InvalidRequestContentException", message: "The request body is not a JSON object", status: 400)
        }
        return value
    }

    static func invalid(_ message: String) -> FunctionRepository.Failure {
        FunctionRepository.Failure(code: "InvalidParameterValueException", message: message, status: 400)
    }

    /// The Lambda API's error: `x-amzn-ErrorType` and `{"Type", "message"}`.
    static func error(_ f: FunctionRepository.Failure) -> APIResponse {
        var r = APIResponse.json(
            ["Type": .string(f.status >= 500 ? "Service" : "User"), "message": .string(f.message)], status: f.status,
            contentType: json)
        r.headers.append(("x-amzn-ErrorType", f.code))
        return r
    }

    /// Runs file and process work (unzipping, writing) on a dispatch thread, off the async executors.
    func offPool<T: Sendable>(_ body: @escaping @Sendable () throws(FunctionRepository.Failure) -> T)
        async
        throws(FunctionRepository.Failure) -> T
    {
        let result: Result<T, FunctionRepository.Failure> = await withCheckedContinuation { cont in
            DispatchQueue.global().async {
                do throws(FunctionRepository.Failure) {
                    cont.resume(returning: .success(try body()))
                } catch {
                    cont.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
