import Crypto
import Foundation
import StepJSON

/// The functions uploaded through the Lambda API (`aws lambda create-function`), one folder each:
/// `DIR/NAME/function.json` (the configuration) and `DIR/NAME/code-REVISION/` (the unpacked zip).
/// Every process that shares the folder (the service, and workers on the same machine or file system)
/// sees the same functions.
public struct FunctionRepository: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// What `CreateFunction` gives, besides the code.
    public struct Settings: Sendable, Equatable {
        public var runtime: String
        public var handler: String
        public var role: String
        public var description: String
        public var timeout: Int
        public var memorySize: Int
        public var environment: [String: String]

        public init(
            runtime: String, handler: String, role: String = "", description: String = "", timeout: Int = 3,
            memorySize: Int = 128, environment: [String: String] = [:]
        ) {
            self.runtime = runtime
            self.handler = handler
            self.role = role
            self.description = description
            self.timeout = timeout
            self.memorySize = memorySize
            self.environment = environment
        }
    }

    /// A failure of the repository, with the Lambda API's error name.
    public struct Failure: Error, Sendable {
        public var code: String
        public var message: String
        public var status: Int

        public init(code: String, message: String, status: Int) {
            self.code = code
            self.message = message
            self.status = status
        }
    }

    public func function(named name: String) -> StoredFunction? {
        let folder = "\(directory)/\(name)"
        guard isSafeName(name), let data = FileManager.default.contents(atPath: "\(folder)/function.json"),
            let doc = try? JSON(parsing: [UInt8](data)), let revision = doc["RevisionId"]?.stringValue
        else { return nil }
        return StoredFunction(document: doc, codeDirectory: "\(folder)/code-\(revision)")
    }

    public func list() -> [StoredFunction] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().compactMap(function(named:))
    }

    /// CreateFunction: unpacks the zip and records the configuration; an existing name is a conflict.
    public func create(name: String, settings: Settings, zip: [UInt8], now: Date = Date()) throws(Failure) -> StoredFunction {
        guard isSafeName(name) else {
            throw Failure(code: "InvalidParameterValueException", message: "Invalid function name: '\(name)'", status: 400)
        }
        if function(named: name) != nil {
            throw Failure(
                code: "ResourceConflictException", message: "Function already exist: \(name)", status: 409)
        }
        return try store(name: name, settings: settings, zip: zip, now: now)
    }

    /// UpdateFunctionCode: new code, same configuration.
    public func updateCode(name: String, zip: [UInt8], now: Date = Date()) throws(Failure) -> StoredFunction {
        guard let existing = function(named: name) else { throw Self.notFound(name) }
        return try store(name: name, settings: existing.settings, zip: zip, now: now, replacing: existing)
    }

    /// UpdateFunctionConfiguration: new settings, same code.
    public func updateSettings(name: String, _ change: (inout Settings) -> Void, now: Date = Date()) throws(Failure)
        -> StoredFunction
    {
        guard var f = function(named: name) else { throw Self.notFound(name) }
        change(&f.settings)
        f.lastModified = Self.lastModified(now)
        try write(f, folder: "\(directory)/\(name)")
        return f
    }

    public func delete(name: String) throws(Failure) {
        guard function(named: name) != nil else { throw Self.notFound(name) }
        do {
            try FileManager.default.removeItem(atPath: "\(directory)/\(name)")
        } catch {
            throw Failure(code: "ServiceException", message: "cannot delete \(name): \(error.localizedDescription)", status: 500)
        }
    }

    public static func notFound(_ name: String, region: String = "us-east-1", account: String = "111111111111") -> Failure {
        Failure(
            code: "ResourceNotFoundException",
            message: "Function not found: arn:aws:lambda:\(region):\(account):function:\(name)", status: 404)
    }

    // MARK: - Storing

    func store(name: String, settings: Settings, zip: [UInt8], now: Date, replacing old: StoredFunction? = nil)
        throws(Failure) -> StoredFunction
    {
        guard settings.runtime.hasPrefix("python3") else {
            throw Failure(
                code: "InvalidParameterValueException",
                message:
                    "The runtime parameter of \(settings.runtime) is not supported by Stepline: use python3.x, or name a command in the config file's functions",
                status: 400)
        }
        let folder = "\(directory)/\(name)"
        let revision = UUID().uuidString.lowercased()
        let code = "\(folder)/code-\(revision)"
        do {
            // Uploaded code and its settings are the service's alone.
            try FileManager.default.createDirectory(
                atPath: code, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for dir in [directory, folder] { chmod(dir, 0o700) }
        } catch {
            throw Failure(code: "ServiceException", message: "cannot create \(code): \(error.localizedDescription)", status: 500)
        }
        try Self.unzip(zip, into: code)
        let digest = Data(SHA256.hash(data: zip)).base64EncodedString()
        let f = StoredFunction(
            name: name, settings: settings, codeSize: zip.count, codeSha256: digest, lastModified: Self.lastModified(now),
            revisionId: revision, codeDirectory: code)
        try write(f, folder: folder)
        if let old { try? FileManager.default.removeItem(atPath: old.codeDirectory) }
        return f
    }

    /// Replaces `function.json` atomically (write, then rename), so readers never see half a file.
    func write(_ f: StoredFunction, folder: String) throws(Failure) {
        let data = Data(f.document.serialized().utf8)
        let temp = "\(folder)/.function.json.\(UUID().uuidString)"
        do {
            try data.write(to: URL(fileURLWithPath: temp))
            if rename(temp, "\(folder)/function.json") != 0 { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(atPath: temp)
            throw Failure(code: "ServiceException", message: "cannot write \(folder)/function.json: \(error)", status: 500)
        }
    }

    /// Unpacks the uploaded zip, every entry checked (`CodeArchive`).
    static func unzip(_ zip: [UInt8], into folder: String) throws(Failure) {
        do throws(CodeArchive.Refusal) {
            try CodeArchive.unpack(zip, into: folder)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw Failure(
                code: "InvalidParameterValueException",
                message: "Could not unzip uploaded file. Please check your file, then try to upload again. (\(error.description))",
                status: 400)
        }
    }

    /// Lambda's `LastModified`: `2024-01-31T12:00:00.000+0000`.
    static func lastModified(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
        return f.string(from: date)
    }

    func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }
    }
}
