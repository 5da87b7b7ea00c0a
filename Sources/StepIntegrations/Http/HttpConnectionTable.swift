/// The configured connections, found by what a task's `ConnectionArn` holds: the key as written in the
/// config file, or (for an EventBridge ARN, `arn:aws:events:REGION:ACCOUNT:connection/NAME/ID`) the
/// connection's name, so one entry serves every region and account.
public struct HttpConnectionTable: Sendable, Equatable {
    var byKey: [String: HttpConnection]
    var byName: [String: HttpConnection]

    public init(_ connections: [String: HttpConnection] = [:]) {
        byKey = connections
        byName = [:]
        for (key, connection) in connections.sorted(by: { $0.key < $1.key }) {
            let name = Self.name(key)
            // A key written as a plain name wins over an ARN whose name is the same.
            if byName[name] == nil || name == key { byName[name] = connection }
        }
    }

    public var isEmpty: Bool { byKey.isEmpty }

    /// The connection `reference` (an ARN or a name) stands for, if one is configured.
    public func lookup(_ reference: String) -> HttpConnection? {
        byKey[reference] ?? byName[Self.name(reference)]
    }

    /// The name in a connection ARN (`…:connection/NAME/ID`), or the text itself.
    static func name(_ reference: String) -> String {
        guard reference.hasPrefix("arn:"), let colon = reference.lastIndex(of: ":") else { return reference }
        let resource = reference[reference.index(after: colon)...].split(
            separator: "/", omittingEmptySubsequences: false)
        guard resource.count >= 2, resource[0] == "connection", !resource[1].isEmpty else { return reference }
        return String(resource[1])
    }
}
