import Foundation
import StepJSON

/// Checks a configuration against `SettingsSchema`: unknown keys (with the nearest known key suggested),
/// wrong types and bad values, each with its line. Sections with keys of the user's choosing are left
/// to their own readers.
public enum ConfigChecker {
    /// A file with none of the schema's keys whose values are all Python files or `module.function`
    /// handlers is the older flat form (function name → handler), which has no settings to check.
    public static func isFlatFunctionList(_ value: JSON) -> Bool {
        guard case .object(let top) = value, !top.isEmpty else { return false }
        let known = Set(SettingsSchema.keys(of: ""))
        return !top.contains { known.contains($0.key) }
            && top.allSatisfy { $0.value.stringValue.map { $0.contains(".") && !$0.contains(" ") } ?? false }
    }

    public static func problems(in document: ConfigDocument) -> [ConfigProblem] {
        guard case .object(let top) = document.value else {
            return [ConfigProblem(path: "", message: "the configuration must be a mapping of settings", position: document.positions[""])]
        }
        if isFlatFunctionList(document.value) { return [] }
        var out: [ConfigProblem] = []
        check(section: "", top, document, &out)
        return out.sorted { ($0.position?.line ?? 0, $0.position?.column ?? 0) < ($1.position?.line ?? 0, $1.position?.column ?? 0) }
    }

    static func check(section: String, _ object: JSONObject, _ doc: ConfigDocument, _ out: inout [ConfigProblem]) {
        let keys = SettingsSchema.keys(of: section)
        for (key, value) in object {
            let path = section.isEmpty ? key : section + "." + key
            guard let setting = SettingsSchema.setting(path) else {
                if keys.contains(key) {  // a secret's file form
                    if value.stringValue == nil {
                        out.append(problem(path, "expected a path, got \(describe(value))", doc))
                    }
                    continue
                }
                var message = "unknown setting"
                if let near = nearest(key, among: keys) { message += " (did you mean '\(near)'?)" }
                out.append(ConfigProblem(path: path, message: message, position: doc.keyPositions[path]))
                continue
            }
            if value.isNull { continue }
            if let message = mismatch(setting.kind, value) {
                out.append(problem(path, message, doc))
            } else if setting.kind == .section, case .object(let inner) = value {
                check(section: path, inner, doc, &out)
            }
        }
    }

    static func problem(_ path: String, _ message: String, _ doc: ConfigDocument) -> ConfigProblem {
        ConfigProblem(path: path, message: message, position: doc.positions[path] ?? doc.keyPositions[path])
    }

    /// What is wrong with `value` for a setting of this kind, or `nil`.
    public static func mismatch(_ kind: Setting.Kind, _ value: JSON) -> String? {
        let expected = "expected \(kind.expectation), got \(describe(value))"
        switch kind {
        case .string, .path:
            guard let s = value.stringValue else { return expected }
            return s.isEmpty ? "expected \(kind.expectation), got an empty string" : nil
        case .address:
            guard let s = value.stringValue else { return expected }
            return HostPort(s) == nil ? expected : nil
        case .url:
            guard let s = value.stringValue else { return expected }
            return s.contains("://") ? nil : expected
        case .positiveInteger:
            guard let i = value.intValue, value.isNumber, i > 0 else { return expected }
            return nil
        case .seconds:
            guard value.isNumber, let d = value.doubleValue, d >= 0 else { return expected }
            return nil
        case .choice(let options):
            guard let s = value.stringValue, options.contains(s.lowercased()) else { return expected }
            return nil
        case .boolean:
            return value.boolValue == nil ? expected : nil
        case .section, .map:
            return value.objectValue == nil ? expected : nil
        case .list:
            return value.arrayValue == nil ? expected : nil
        }
    }

    /// A value as the message shows it: `"eight"`, `12`, `a list`.
    static func describe(_ value: JSON) -> String {
        switch value {
        case .string(let s): return "\"\(s)\""
        case .array: return "a list"
        case .object: return "a mapping"
        default: return value.serialized()
        }
    }

    /// The known key closest to a misspelt one, if it is close enough to be what was meant.
    public static func nearest(_ key: String, among keys: [String]) -> String? {
        let lower = key.lowercased()
        var best: (String, Int)?
        for k in keys {
            let d = editDistance(lower, k.lowercased())
            if d <= max(2, k.count / 3), d < (best?.1 ?? .max) { best = (k, d) }
        }
        return best?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// `HOST:PORT`, the form of every listening address in the configuration.
public struct HostPort: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
