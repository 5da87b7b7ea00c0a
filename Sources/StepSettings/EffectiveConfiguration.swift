import Foundation
import StepJSON

/// The configuration in force: the file's settings, overridden by `STEPLINE_…` environment variables,
/// overridden by flags (flag > environment > file > default). Relative paths are made absolute (a file's
/// against its folder, the others against the working directory), and secrets given as files are read.
public struct EffectiveConfiguration: Sendable {
    /// Where a setting's value came from, for `config show` and the reload log.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        case file(String)
        case environment(String)
        case flag(String)
        case defaultValue

        public var description: String {
            switch self {
            case .file(let f): return "file \(f)"
            case .environment(let v): return "environment \(v)"
            case .flag(let f): return "flag \(f)"
            case .defaultValue: return "default"
            }
        }
    }

    /// The merged settings, without defaults (use the accessors, which apply them).
    public var document: JSON
    /// The file read, if any.
    public var file: String?
    /// Relative paths inside sections read by other readers (`functions`, `buckets`…) are relative to this.
    public var directory: String
    /// The origin of each setting that something set.
    public var origins: [String: Origin]

    public init(document: JSON = .object(JSONObject()), file: String? = nil, directory: String? = nil, origins: [String: Origin] = [:]) {
        self.document = document
        self.file = file
        self.directory = directory ?? FileManager.default.currentDirectoryPath
        self.origins = origins
    }

    /// Reads `file` (if any), checks it, and applies the environment and `flags` (by setting path:
    /// `["worker.concurrency": "4"]`). Every problem is reported at once.
    public static func load(
        file: String?, environment: [String: String] = ProcessInfo.processInfo.environment, flags: [String: String] = [:]
    ) throws(ConfigProblems) -> EffectiveConfiguration {
        var config = EffectiveConfiguration()
        var problems: [ConfigProblem] = []
        let cwd = FileManager.default.currentDirectoryPath
        if let file {
            let doc = try ConfigDocument.read(file)
            problems += ConfigChecker.problems(in: doc)
            if !problems.isEmpty { throw ConfigProblems(problems, file: file) }
            config.file = file
            config.directory = doc.directory
            config.document = doc.value
            if !ConfigChecker.isFlatFunctionList(doc.value) {
                for setting in SettingsSchema.settings where config.value(at: setting.path) != nil {
                    config.origins[setting.path] = .file(file)
                    if setting.kind == .path, let p = config.value(at: setting.path)?.stringValue {
                        config.set(setting.path, .string(absolute(p, in: doc.directory)))
                    }
                }
                for setting in SettingsSchema.settings where setting.secret {
                    let fileKey = parentPath(setting.path).map { $0 + "." + setting.fileKey } ?? setting.fileKey
                    guard let secretFile = config.value(at: fileKey)?.stringValue else { continue }
                    config.remove(fileKey)
                    do {
                        config.set(setting.path, .string(try readSecret(absolute(secretFile, in: doc.directory))))
                        config.origins[setting.path] = .file(secretFile)
                    } catch {
                        problems.append(
                            ConfigProblem(path: fileKey, message: error.message, position: doc.positions[fileKey]))
                    }
                }
            }
        }
        for setting in SettingsSchema.settings where setting.kind != .section {
            let name = setting.environmentVariable
            if let text = environment[name] {
                apply(text, to: setting, origin: .environment(name), cwd: cwd, into: &config, &problems)
            } else if setting.secret, let path = environment[name + "_FILE"] {
                do {
                    config.set(setting.path, .string(try readSecret(absolute(path, in: cwd))))
                    config.origins[setting.path] = .environment(name + "_FILE")
                } catch {
                    problems.append(ConfigProblem(path: name + "_FILE", message: error.message))
                }
            }
        }
        for (path, text) in flags.sorted(by: { $0.key < $1.key }) {
            guard let setting = SettingsSchema.setting(path) else {
                problems.append(ConfigProblem(path: path, message: "unknown setting"))
                continue
            }
            apply(text, to: setting, origin: .flag(path), cwd: cwd, into: &config, &problems)
        }
        if !problems.isEmpty { throw ConfigProblems(problems, file: file) }
        return config
    }

    static func apply(
        _ text: String, to setting: Setting, origin: Origin, cwd: String, into config: inout EffectiveConfiguration,
        _ problems: inout [ConfigProblem]
    ) {
        let value: JSON
        switch setting.kind {
        case .string, .address, .url: value = .string(text)
        case .path: value = .string(absolute(text, in: cwd))
        case .positiveInteger: value = Int(text).map(JSON.int) ?? .string(text)
        case .seconds: value = Double(text).map(JSON.double) ?? .string(text)
        case .boolean:
            value =
                ["true", "1", "yes"].contains(text.lowercased())
                ? .bool(true)
                : ["false", "0", "no"].contains(text.lowercased()) ? .bool(false) : .string(text)
        case .choice: value = .string(text.lowercased())
        case .section, .map, .list:
            do {
                value = try ConfigDocument.parse(text, path: "\(origin)").value
            } catch {
                problems.append(ConfigProblem(path: "\(origin)", message: "\(setting.path): not valid YAML or JSON"))
                return
            }
        }
        if let message = ConfigChecker.mismatch(setting.kind, value) {
            problems.append(ConfigProblem(path: "\(origin)", message: "\(setting.path): \(message)"))
            return
        }
        config.set(setting.path, value)
        config.origins[setting.path] = origin
    }

    static func absolute(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: directory).appendingPathComponent(path).standardizedFileURL.path
    }

    static func readSecret(_ path: String) throws(ConfigProblem) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigProblem(path: "", message: "cannot read the secret file '\(path)'")
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }

    static func parentPath(_ path: String) -> String? {
        path.lastIndex(of: ".").map { String(path[..<$0]) }
    }

    // MARK: Reading settings

    /// The value set at a dotted path, without defaults.
    public func value(at path: String) -> JSON? {
        var current = document
        for part in path.split(separator: ".") {
            guard let next = current[String(part)] else { return nil }
            current = next
        }
        return current.isNull ? nil : current
    }

    /// The value at a dotted path, or the setting's default.
    public func effective(_ path: String) -> JSON? {
        value(at: path) ?? SettingsSchema.setting(path)?.defaultValue
    }

    public func string(_ path: String) -> String? { effective(path)?.stringValue }
    public func int(_ path: String) -> Int? { effective(path)?.intValue }
    public func seconds(_ path: String) -> Double? { effective(path)?.doubleValue }

    mutating func set(_ path: String, _ value: JSON) {
        document = Self.setting(document, Array(path.split(separator: ".").map(String.init)), value)
    }

    mutating func remove(_ path: String) {
        document = Self.setting(document, Array(path.split(separator: ".").map(String.init)), nil)
    }

    static func setting(_ base: JSON, _ parts: [String], _ value: JSON?) -> JSON {
        guard let first = parts.first else { return value ?? .null }
        var object = base.objectValue ?? JSONObject()
        if parts.count == 1 {
            if let value { object[first] = value } else { _ = object.removeValue(forKey: first) }
        } else {
            object[first] = setting(object[first] ?? .object(JSONObject()), Array(parts.dropFirst()), value)
        }
        return .object(object)
    }
}
