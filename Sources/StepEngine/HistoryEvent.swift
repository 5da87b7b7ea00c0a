import StepJSON
import StepLanguage

/// One entry of an execution's history, in AWS's shape: `id`, `previousEventId`, `timestamp`, `type`
/// and one `…EventDetails` object.
public struct HistoryEvent: Sendable, Equatable, Codable {
    public var id: Int
    public var previousEventId: Int
    public var timestamp: Timestamp
    public var type: HistoryEventType
    /// The name of the details member, e.g. `stateEnteredEventDetails`; `nil` for events without details.
    public var detailsKey: String?
    public var details: JSONObject
    /// The event's JSON payload (`input`, `output`, `parameters`), kept as a value and serialised only when
    /// the event is rendered or stored.
    public var payload: EventPayload?
    /// Variables assigned by the state (`assignedVariables`), likewise kept as values.
    public var assignedVariables: JSONObject?
    /// The `index` member of Map iteration events.
    public var index: Int?
    /// The `name` member of state and Map iteration events.
    public var name: String?

    public init(
        id: Int, previousEventId: Int, timestamp: Timestamp, type: HistoryEventType, detailsKey: String?, details: JSONObject,
        payload: EventPayload? = nil, assignedVariables: JSONObject? = nil, index: Int? = nil, name: String? = nil
    ) {
        self.index = index
        self.name = name
        self.id = id
        self.previousEventId = previousEventId
        self.timestamp = timestamp
        self.type = type
        self.detailsKey = detailsKey
        self.details = details
        self.payload = payload
        self.assignedVariables = assignedVariables
    }

    /// The details object in AWS's shape, payloads serialised to strings.
    public var renderedDetails: JSONObject {
        var d = details
        if let index { d["index"] = .int(index) }
        if let name { d["name"] = .string(name) }
        if let payload {
            d[payload.key] = .string(payload.value.serialized())
            if payload.hasDetails { d[payload.key + "Details"] = .object(["truncated": false]) }
        }
        if let assignedVariables, !assignedVariables.isEmpty {
            var vars = JSONObject(minimumCapacity: assignedVariables.count)
            for (k, v) in assignedVariables { vars[k] = .string(v.serialized()) }
            d["assignedVariables"] = .object(vars)
            d["assignedVariablesDetails"] = .object(["truncated": false])
        }
        return d
    }

    /// The event as AWS's `GetExecutionHistory` returns it.
    public var json: JSON {
        var o = JSONObject(minimumCapacity: 5)
        o["timestamp"] = .string(timestamp.iso8601)
        o["type"] = .string(type.rawValue)
        o["id"] = .int(id)
        o["previousEventId"] = .int(previousEventId)
        if let detailsKey { o[detailsKey] = .object(renderedDetails) }
        return .object(o)
    }
}

/// A JSON document carried by an event, with the member name it is rendered under.
public struct EventPayload: Sendable, Equatable, Codable {
    public var key: String
    public var value: JSON
    /// Whether AWS adds a `…Details: {"truncated": false}` member beside it.
    public var hasDetails: Bool

    public init(_ key: String, _ value: JSON, hasDetails: Bool = true) {
        self.key = key
        self.value = value
        self.hasDetails = hasDetails
    }
}

/// The details objects of AWS's history events.
enum Details {
    static func errorCause(_ error: String?, _ cause: String?) -> JSONObject {
        var o = JSONObject(minimumCapacity: 2)
        if let error { o["error"] = .string(error) }
        if let cause { o["cause"] = .string(cause) }
        return o
    }
}
