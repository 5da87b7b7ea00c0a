import StepJSON
import StepLanguage

/// A rule that starts a state machine for EventBridge-style events that match its pattern.
public struct StartRule: Sendable {
    public var name: String
    public var pattern: EventPattern
    public var stateMachine: String

    public init(name: String, pattern: EventPattern, stateMachine: String) {
        self.name = name
        self.pattern = pattern
        self.stateMachine = stateMachine
    }
}

/// One execution a message asks for.
public struct StartRequest: Sendable, Equatable {
    /// A state machine name or ARN (optionally with a version or alias qualifier).
    public var stateMachine: String
    /// The execution name: given, or derived from the message so that a redelivery starts nothing twice.
    public var name: String
    /// The input as JSON text.
    public var input: String

    public init(stateMachine: String, name: String, input: String) {
        self.stateMachine = stateMachine
        self.name = name
        self.input = input
    }
}

/// Why a message could not be turned into executions; travels with it to the dead-letter queue.
public struct DeadLetterReason: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Reads the bodies the start queue accepts: a StartExecution request, an EventBridge event routed by rules,
/// or an SQS-style message (or batch of records) holding either.
public enum StartMessage {
    static let inputLimit = 262_144

    /// The executions a message body asks for. `messageId` names executions started without a name, so a
    /// redelivered message is recognised.
    public static func requests(body: [UInt8], messageId: String?, rules: [StartRule]) throws(DeadLetterReason)
        -> [StartRequest]
    {
        let value: JSON
        do {
            value = try JSON(parsing: body)
        } catch {
            throw DeadLetterReason("the message body is not JSON: \(error)")
        }
        let key = messageId ?? Fingerprint.of(body)
        return try requests(value, key: key, rules: rules, depth: 0)
    }

    static func requests(_ value: JSON, key: String, rules: [StartRule], depth: Int) throws(DeadLetterReason)
        -> [StartRequest]
    {
        guard case .object(let o) = value else { throw DeadLetterReason("the message body is not a JSON object") }
        if o["stateMachineArn"] != nil || o["stateMachine"] != nil {
            return [try startExecution(o, key: key)]
        }
        if o["detail-type"] != nil, o["source"] != nil {
            return try event(value, rules: rules)
        }
        if depth == 0, case .array(let records)? = o["Records"] {
            var out: [StartRequest] = []
            for (i, r) in records.enumerated() {
                guard let inner = r["body"] ?? r["Body"] else { throw DeadLetterReason("an SQS record has no body") }
                out += try sqsBody(inner, key: r["messageId"]?.stringValue ?? "\(key)-\(i)", rules: rules)
            }
            return out
        }
        if depth == 0, let inner = o["Body"] ?? o["body"] {
            return try sqsBody(inner, key: o["MessageId"]?.stringValue ?? o["messageId"]?.stringValue ?? key, rules: rules)
        }
        throw DeadLetterReason(
            "the message is neither a StartExecution request, an EventBridge event, nor an SQS message holding one")
    }

    static func sqsBody(_ inner: JSON, key: String, rules: [StartRule]) throws(DeadLetterReason) -> [StartRequest] {
        if case .string(let text) = inner {
            guard let parsed = try? JSON(parsing: text) else { throw DeadLetterReason("the SQS body is not JSON") }
            return try requests(parsed, key: key, rules: rules, depth: 1)
        }
        return try requests(inner, key: key, rules: rules, depth: 1)
    }

    static func startExecution(_ o: JSONObject, key: String) throws(DeadLetterReason) -> StartRequest {
        guard let sm = (o["stateMachineArn"] ?? o["stateMachine"])?.stringValue, !sm.isEmpty else {
            throw DeadLetterReason("stateMachineArn must be a string")
        }
        var input = "{}"
        switch o["input"] {
        case nil, .null?: break
        case .string(let s)?:
            guard (try? JSON(parsing: s)) != nil else { throw DeadLetterReason("input is not valid JSON text") }
            input = s
        case let v?: input = v.serialized()
        }
        guard input.utf8.count <= inputLimit else {
            throw DeadLetterReason("the input is larger than the 262144-byte (256 KiB) limit")
        }
        var name = "msg-" + key
        if let n = o["name"] {
            guard let s = n.stringValue, Self.isValidName(s) else {
                throw DeadLetterReason(
                    "the execution name must be 1 to 80 characters without whitespace or ? * < > { } [ ] \" # % \\ ^ | ~ ` $ & , ; : /")
            }
            name = s
        }
        return StartRequest(stateMachine: sm, name: String(name.prefix(80)), input: input)
    }

    static func event(_ event: JSON, rules: [StartRule]) throws(DeadLetterReason) -> [StartRequest] {
        let matched = rules.filter { $0.pattern.matches(event) }
        guard !matched.isEmpty else { throw DeadLetterReason("no rule matches the event") }
        let input = event.serialized()
        guard input.utf8.count <= inputLimit else {
            throw DeadLetterReason("the event is larger than the 262144-byte (256 KiB) limit")
        }
        let id = event["id"]?.stringValue ?? Fingerprint.of(Array(input.utf8))
        return matched.map { rule in
            StartRequest(stateMachine: rule.stateMachine, name: String("\(rule.name)-\(id)".prefix(80)), input: input)
        }
    }

    /// AWS's execution-name rule.
    public static func isValidName(_ s: String) -> Bool { ResourceName.isValid(s) }
}

/// A short, stable hexadecimal fingerprint of bytes (FNV-1a, 64 bits), for naming executions after messages.
enum Fingerprint {
    static func of(_ bytes: [UInt8]) -> String {
        let s = String(StableName.hash(bytes), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
