import Foundation
import StepJSON

/// A function uploaded through the Lambda API: its configuration as `CreateFunction` gave it, and where
/// its unpacked code lives.
public struct StoredFunction: Sendable, Equatable {
    public var name: String
    public var runtime: String
    public var handler: String
    public var role: String
    public var description: String
    public var timeout: Int
    public var memorySize: Int
    public var environment: [String: String]
    public var codeSize: Int
    public var codeSha256: String
    public var lastModified: String
    public var revisionId: String
    /// The directory holding the unpacked code (`LAMBDA_TASK_ROOT`).
    public var codeDirectory: String

    /// The `function.json` kept beside the code.
    var document: JSON {
        [
            "FunctionName": .string(name), "Runtime": .string(runtime), "Handler": .string(handler), "Role": .string(role),
            "Description": .string(description), "Timeout": .int(timeout), "MemorySize": .int(memorySize),
            "Environment": .object(JSONObject(environment.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })),
            "CodeSize": .int(codeSize), "CodeSha256": .string(codeSha256), "LastModified": .string(lastModified),
            "RevisionId": .string(revisionId),
        ]
    }

    init?(document d: JSON, codeDirectory: String) {
        guard let name = d["FunctionName"]?.stringValue, let handler = d["Handler"]?.stringValue else { return nil }
        self.name = name
        self.handler = handler
        runtime = d["Runtime"]?.stringValue ?? "python3.12"
        role = d["Role"]?.stringValue ?? ""
        description = d["Description"]?.stringValue ?? ""
        timeout = d["Timeout"]?.intValue ?? 3
        memorySize = d["MemorySize"]?.intValue ?? 128
        var env: [String: String] = [:]
        for (k, v) in d["Environment"]?.objectValue ?? JSONObject() { env[k] = v.stringValue ?? v.serialized() }
        environment = env
        codeSize = d["CodeSize"]?.intValue ?? 0
        codeSha256 = d["CodeSha256"]?.stringValue ?? ""
        lastModified = d["LastModified"]?.stringValue ?? ""
        revisionId = d["RevisionId"]?.stringValue ?? ""
        self.codeDirectory = codeDirectory
    }

    init(
        name: String, runtime: String, handler: String, role: String, description: String, timeout: Int, memorySize: Int,
        environment: [String: String], codeSize: Int, codeSha256: String, lastModified: String, revisionId: String,
        codeDirectory: String
    ) {
        self.name = name
        self.runtime = runtime
        self.handler = handler
        self.role = role
        self.description = description
        self.timeout = timeout
        self.memorySize = memorySize
        self.environment = environment
        self.codeSize = codeSize
        self.codeSha256 = codeSha256
        self.lastModified = lastModified
        self.revisionId = revisionId
        self.codeDirectory = codeDirectory
    }

    /// The Lambda API's `FunctionConfiguration`.
    public func configuration(region: String, account: String) -> JSON {
        var o: JSONObject = [
            "FunctionName": .string(name),
            "FunctionArn": .string("arn:aws:lambda:\(region):\(account):function:\(name)"),
            "Runtime": .string(runtime), "Role": .string(role), "Handler": .string(handler), "CodeSize": .int(codeSize),
            "Description": .string(description), "Timeout": .int(timeout), "MemorySize": .int(memorySize),
            "LastModified": .string(lastModified), "CodeSha256": .string(codeSha256), "Version": "$LATEST",
            "TracingConfig": ["Mode": "PassThrough"], "RevisionId": .string(revisionId), "State": "Active",
            "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["x86_64"],
            "EphemeralStorage": ["Size": 512],
            "LoggingConfig": ["LogFormat": "Text", "LogGroup": .string("/aws/lambda/\(name)")],
        ]
        if !environment.isEmpty {
            o["Environment"] = [
                "Variables": .object(JSONObject(environment.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
            ]
        }
        return .object(o)
    }

    /// How the Lambda runner calls it: AWS's handler string (`module.function`) in the code directory,
    /// with the configured timeout, memory and environment.
    public func functionConfig() throws(ConfigError) -> FunctionConfig {
        var config = try FunctionConfig.python(
            handler, directory: codeDirectory, configDirectory: codeDirectory, module: nil, entry: nil, key: name)
        config.timeoutSeconds = Double(timeout)
        config.memorySize = memorySize
        config.environment = environment
        return config
    }
}
