import Foundation
import StepJSON

/// An IAM identity policy, evaluated as IAM does: an explicit `Deny` wins, then any `Allow`, else the
/// request is denied. `Action`/`NotAction` match case-insensitively, `Resource`/`NotResource` exactly,
/// both with `*` and `?` wildcards. Conditions are not supported (a statement with one is refused).
public struct IAMPolicy: Sendable, Equatable {
    /// One statement of the policy.
    public struct Statement: Sendable, Equatable {
        public var allow: Bool
        public var actions: [String]
        public var notActions: [String]
        public var resources: [String]
        public var notResources: [String]

        func matches(action: String, resource: String) -> Bool {
            let actionMatches =
                notActions.isEmpty
                ? actions.contains { IAMPolicy.wildcard($0.lowercased(), action.lowercased()) }
                : !notActions.contains { IAMPolicy.wildcard($0.lowercased(), action.lowercased()) }
            guard actionMatches else { return false }
            return notResources.isEmpty
                ? resources.contains { IAMPolicy.wildcard($0, resource) }
                : !notResources.contains { IAMPolicy.wildcard($0, resource) }
        }
    }

    /// A policy document that cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    public var statements: [Statement]

    public init(statements: [Statement]) { self.statements = statements }

    /// What evaluating a request gave.
    public enum Decision: Sendable, Equatable {
        case allowed
        case explicitlyDenied
        case implicitlyDenied
    }

    public func evaluate(action: String, resource: String) -> Decision {
        var allowed = false
        for s in statements where s.matches(action: action, resource: resource) {
            if !s.allow { return .explicitlyDenied }
            allowed = true
        }
        return allowed ? .allowed : .implicitlyDenied
    }

    // MARK: Reading

    /// A policy document in IAM's JSON syntax.
    public init(json: JSON) throws(Problem) {
        guard case .object(let doc) = json else { throw Problem("a policy must be a JSON object") }
        let list: [JSON]
        switch doc["Statement"] {
        case .array(let a)?: list = a
        case .object?: list = [doc["Statement"] ?? .null]
        default: throw Problem("a policy needs a Statement")
        }
        var statements: [Statement] = []
        for (i, s) in list.enumerated() {
            guard case .object(let o) = s else { throw Problem("Statement[\(i)] must be an object") }
            guard let effect = o["Effect"]?.stringValue, effect == "Allow" || effect == "Deny" else {
                throw Problem("Statement[\(i)].Effect must be Allow or Deny")
            }
            if o["Condition"] != nil { throw Problem("Statement[\(i)]: Condition is not supported") }
            if o["Principal"] != nil || o["NotPrincipal"] != nil {
                throw Problem("Statement[\(i)]: an identity policy names no Principal")
            }
            func strings(_ key: String) throws(Problem) -> [String] {
                switch o[key] {
                case nil: return []
                case .string(let s)?: return [s]
                case .array(let a)?:
                    var out: [String] = []
                    for v in a {
                        guard let s = v.stringValue else { throw Problem("Statement[\(i)].\(key) must hold strings") }
                        out.append(s)
                    }
                    return out
                default: throw Problem("Statement[\(i)].\(key) must be a string or a list of strings")
                }
            }
            let statement = Statement(
                allow: effect == "Allow", actions: try strings("Action"), notActions: try strings("NotAction"),
                resources: try strings("Resource"), notResources: try strings("NotResource"))
            if statement.actions.isEmpty == statement.notActions.isEmpty {
                throw Problem("Statement[\(i)] needs exactly one of Action and NotAction")
            }
            if statement.resources.isEmpty == statement.notResources.isEmpty {
                throw Problem("Statement[\(i)] needs exactly one of Resource and NotResource")
            }
            statements.append(statement)
        }
        self.statements = statements
    }

    /// `admin`, `operator`, `readonly`, inline JSON, or a JSON file (relative to `directory`).
    public static func named(_ name: String, relativeTo directory: String) throws(Problem) -> IAMPolicy {
        switch name {
        case "admin": return .admin
        case "operator": return .operator
        case "readonly": return .readOnly
        default: break
        }
        let text: String
        if name.hasPrefix("{") {
            text = name
        } else {
            let path = name.hasPrefix("/") ? name : directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Problem("'\(name)' is not admin, operator, readonly or a readable policy file")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        do {
            return try IAMPolicy(json: try JSON(parsing: text))
        } catch let p as Problem {
            throw p
        } catch {
            throw Problem("'\(name)' is not valid JSON: \(error)")
        }
    }

    static func allow(_ actions: [String]) -> Statement {
        Statement(allow: true, actions: actions, notActions: [], resources: ["*"], notResources: [])
    }

    public static let denyAll = IAMPolicy(statements: [])
    public static let admin = IAMPolicy(statements: [allow(["*"])])
    static let readActions = [
        "states:Describe*", "states:List*", "states:GetExecutionHistory", "lambda:Get*", "lambda:List*",
        "stepline:GetStatus", "stepline:GetMetrics",
    ]
    public static let readOnly = IAMPolicy(statements: [allow(readActions)])
    public static let `operator` = IAMPolicy(statements: [
        allow(
            readActions + [
                "states:StartExecution", "states:StartSyncExecution", "states:StopExecution", "states:RedriveExecution",
                "states:SendTask*", "states:GetActivityTask", "states:TestState", "lambda:InvokeFunction",
            ])
    ])

    /// IAM's wildcard match: `*` any run of characters, `?` any one.
    static func wildcard(_ pattern: String, _ value: String) -> Bool {
        let p = Array(pattern.utf8)
        let v = Array(value.utf8)
        var pi = 0
        var vi = 0
        var star = -1
        var mark = 0
        while vi < v.count {
            if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == v[vi]) {
                pi += 1
                vi += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = vi
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                vi = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
