import Foundation
import StepJSON
import StepLanguage

/// A function uploaded through the Lambda API: its settings as `CreateFunction` gave them, its code's
/// digest and revision, and where the unpacked code lives.
public struct StoredFunction: Sendable, Equatable {
    public var name: String
    public var settings: FunctionRepository.Settings
    public var codeSize: Int
    public var codeSha256: String
    public var lastModified: String
    public var revisionId: String
    /// The directory holding the unpacked code (`LAMBDA_TASK_ROOT`).
    public var codeDirectory: String

    init(
        name: String, settings: FunctionRepository.Settings, codeSize: Int, codeSha256: String, lastModified: String,
        revisionId: String, codeDirectory: String
    ) {
        self.name = name
        self.settings = settings
        self.codeSize = codeSize
        self.codeSha256 = codeSha256
        self.lastModified = lastModified
        self.revisionId = revisionId
        self.codeDirectory = codeDirectory
    }

    /// The `function.json` kept beside the code.
    var document: JSON {
        [
            "FunctionName": .string(name), "Runtime": .string(settings.runtime), "Handler": .string(settings.handler),
            "Role": .string(settings.role), "Description": .string(settings.description), "Timeout": .int(settings.timeout),
            "MemorySize": .int(settings.memorySize), "Environment": Self.variables(settings.environment),
            "CodeSize": .int(codeSize), "CodeSha256": .string(codeSha256), "LastModified": .string(lastModified),
            "RevisionId": .string(revisionId),
        ]
    }

    init?(document d: JSON, codeDirectory: String) {
        guard let name = d["FunctionName"]?.stringValue, let handler = d["Handler"]?.stringValue else { return nil }
        var env: [String: String] = [:]
        for (k, v) in d["Environment"]?.objectValue ?? JSONObject() { env[k] = v.stringValue ?? v.serialized() }
        self.init(
            name: name,
            settings: FunctionRepository.Settings(
                runtime: d["Runtime"]?.stringValue ?? "python3.12", handler: handler, role: d["Role"]?.stringValue ?? "",
                description: d["Description"]?.stringValue ?? "", timeout: d["Timeout"]?.intValue ?? 3,
                memorySize: d["MemorySize"]?.intValue ?? 128, environment: env),
            codeSize: d["CodeSize"]?.intValue ?? 0, codeSha256: d["CodeSha256"]?.stringValue ?? "",
            lastModified: d["LastModified"]?.stringValue ?? "", revisionId: d["RevisionId"]?.stringValue ?? "",
            codeDirectory: codeDirectory)
    }

    /// The Lambda API's `FunctionConfiguration`.
    public func configuration(region: String, account: String) -> JSON {
        var o: JSONObject = [
            "FunctionName": .string(name),
            "FunctionArn": .string(ARN.lambdaFunction(name: name, region: region, account: account).description),
            "Runtime": .string(settings.runtime), "Role": .string(settings.role), "Handler": .string(settings.handler),
            "CodeSize": .int(codeSize), "Description": .string(settings.description), "Timeout": .int(settings.timeout),
            "MemorySize": .int(settings.memorySize), "LastModified": .string(lastModified),
            "CodeSha256": .string(codeSha256), "Version": "$LATEST", "TracingConfig": ["Mode": "PassThrough"],
            "RevisionId": .string(revisionId), "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip",
            "Architectures": ["x86_64"], "EphemeralStorage": ["Size": 512],
            "LoggingConfig": ["LogFormat": "Text", "LogGroup": .string("/aws/lambda/\(name)")],
        ]
        if !settings.environment.isEmpty { o["Environment"] = ["Variables": Self.variables(settings.environment)] }
        return .object(o)
    }

    /// How the Lambda runner calls it: AWS's handler string (`module.function`) in the code directory,
    /// with the configured timeout, memory and environment.
    public func functionConfig() throws(ConfigError) -> FunctionConfig {
        var config = try FunctionConfig.python(
            settings.handler, directory: codeDirectory, configDirectory: codeDirectory, module: nil, entry: nil, key: name)
        config.timeoutSeconds = Double(settings.timeout)
        config.memorySize = settings.memorySize
        config.environment = settings.environment
        return config
    }

    static func variables(_ environment: [String: String]) -> JSON {
        .object(JSONObject(environment.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
    }
}
