import StepJSON
import StepLanguage

/// One entry of an execution's history, in AWS's shape: `id`, `previousEventId`, `timestamp`, `type`
/// and one `…EventDetails` object.
public struct HistoryEvent: Sendable, Equatable, Codable {
    public var id: Int
    public var previousEventId: Int
    public var timestamp: Timestamp
    public var type: String
    /// The name of the details member, e.g. `stateEnteredEventDetails`; `nil` for events without details.
    public var detailsKey: String?
    public var details: JSONObject

    public init(id: Int, previousEventId: Int, timestamp: Timestamp, type: String, detailsKey: String?, details: JSONObject) {
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.detailsKey = detailsKey
        self.details = details
    }

    /// The event as AWS's `GetExecutionHistory` returns it.
    public var json: JSON {
        var o = JSONObject(minimumCapacity: 5)
        o["timestamp"] = .string(timestamp.iso8601)
        o["type"] = .string(type)
        o["id"] = .int(id)
        o["previousEventId"] = .int(previousEventId)
        if let detailsKey { o[detailsKey] = .object(details) }
        return .object(o)
    }
}

/// The details objects of AWS's history events.
enum Details {
    static func payload(_ key: String, _ value: JSON) -> JSONObject {
        var o = JSONObject(minimumCapacity: 2)
        o[key] = .string(value.serialized())
        o[key + "Details"] = .object(["truncated": false])
        return o
    }

    static func stateEntered(name: String, input: JSON) -> JSONObject {
        var o = payload("input", input)
        o["name"] = .string(name)
        return o
    }

    static func stateExited(name: String, output: JSON, assigned: JSONObject?) -> JSONObject {
        var o = JSONObject(minimumCapacity: 5)
        o["name"] = .string(name)
        o["output"] = .string(output.serialized())
        o["outputDetails"] = .object(["truncated": false])
        if let assigned {
            var vars = JSONObject(minimumCapacity: assigned.count)
            for (k, v) in assigned { vars[k] = .string(v.serialized()) }
            o["assignedVariables"] = .object(vars)
            o["assignedVariablesDetails"] = .object(["truncated": false])
        }
        return o
    }

    static func errorCause(_ error: String?, _ cause: String?) -> JSONObject {
        var o = JSONObject(minimumCapacity: 2)
        if let error { o["error"] = .string(error) }
        if let cause { o["cause"] = .string(cause) }
        return o
    }
}
