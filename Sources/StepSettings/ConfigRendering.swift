import StepJSON

extension EffectiveConfiguration {
    /// The configuration in force as YAML, every setting with its value (or default) and where it came from;
    /// secrets masked. What `stepline config show` prints.
    public func renderedYAML() -> String {
        var out = ""
        render(section: "", indent: 0, into: &out)
        return out
    }

    func render(section: String, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        for setting in SettingsSchema.children(of: section) {
            let key = setting.path.split(separator: ".").last.map(String.init) ?? setting.path
            if setting.kind == .section {
                out += "\(pad)\(key):\n"
                render(section: setting.path, indent: indent + 1, into: &out)
                continue
            }
            let origin = origins[setting.path] ?? .defaultValue
            guard var value = effective(setting.path) else {
                out += "\(pad)\(key): null  # unset\n"
                continue
            }
            if setting.secret { value = .string(Self.mask(value.stringValue ?? "")) }
            value = Self.maskSecrets(value)
            out += "\(pad)\(key): \(Self.yamlScalar(value))  # \(origin)\n"
        }
    }

    /// A value on one line: YAML's flow style, which is JSON.
    static func yamlScalar(_ value: JSON) -> String {
        switch value {
        case .string(let s):
            let plain =
                !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "/._-:@".contains($0) }
                && Int(s) == nil && Double(s) == nil && !["true", "false", "null", "yes", "no", "~"].contains(s.lowercased())
                && !s.hasSuffix(":")
            return plain ? s : value.serialized()
        default:
            return value.serialized()
        }
    }

    /// `amqp://user:****@host/`: a URL keeps its user and host; any other secret is stars.
    public static func mask(_ secret: String) -> String {
        if let scheme = secret.range(of: "://"), let at = secret.range(of: "@", range: scheme.upperBound..<secret.endIndex) {
            let credentials = secret[scheme.upperBound..<at.lowerBound]
            if let colon = credentials.firstIndex(of: ":") {
                return String(secret[..<colon]) + ":****" + String(secret[at.lowerBound...])
            }
            return secret
        }
        return secret.isEmpty ? "" : "****"
    }

    /// Masks members whose names say they hold a secret (passwords, client secrets, API key values), at any depth.
    static func maskSecrets(_ value: JSON) -> JSON {
        switch value {
        case .object(let o):
            var out = JSONObject()
            for (k, v) in o {
                let lower = k.lowercased()
                let secret = ["password", "secret", "apikeyvalue", "token"].contains { lower.contains($0) }
                out[k] = secret && v.stringValue != nil ? .string("****") : maskSecrets(v)
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(maskSecrets))
        default:
            return value
        }
    }

    /// The reloadable settings whose values differ between two configurations, for the reload log.
    public func reloadableChanges(from old: EffectiveConfiguration) -> [String] {
        SettingsSchema.settings.filter { $0.reloadable && $0.kind != .section }
            .filter { effective($0.path) != old.effective($0.path) }.map(\.path)
    }

    /// Settings that differ but only take effect on a restart.
    public func restartOnlyChanges(from old: EffectiveConfiguration) -> [String] {
        SettingsSchema.settings.filter { !$0.reloadable && $0.kind != .section }
            .filter { effective($0.path) != old.effective($0.path) }.map(\.path)
    }
}
