import StepEngine
import StepJSON
import StepLanguage
import StepRuntime

/// SQS, SNS and EventBridge off AWS: `sqs:sendMessage` publishes to an AMQP queue, `sns:publish` to an
/// exchange (a fanout per topic), `events:putEvents` to the events exchange; each answers in AWS's shape.
/// Other resources go to `fallback`.
public struct MessagingTaskRunner: TaskRunner {
    let broker: any MessageBroker
    let topology: DaemonTopology
    /// Queue URL or name → AMQP queue; topic ARN or name → exchange. Unlisted ones use the name at the end.
    let queues: [String: String]
    let topics: [String: String]
    let fallback: any TaskRunner
    /// How long a publish is retried while the broker is unreachable before the task fails.
    let outageSeconds: Double

    public init(
        broker: any MessageBroker, topology: DaemonTopology, queues: [String: String] = [:],
        topics: [String: String] = [:], outageSeconds: Double = 30, fallback: any TaskRunner
    ) {
        self.broker = broker
        self.topology = topology
        self.queues = queues
        self.topics = topics
        self.outageSeconds = outageSeconds
        self.fallback = fallback
    }

    /// Why a publish did not happen.
    enum PublishProblem: Error {
        /// The broker refused the message for good (no such queue or exchange).
        case refused(String)
        /// The broker stayed unreachable for `outageSeconds`.
        case unavailable(String)
    }

    /// Publishes, retrying while the broker is unreachable (for `outageSeconds`); a refusal is final at once.
    func deliver(_ publish: @Sendable () async throws -> Void) async -> PublishProblem? {
        let deadline = ContinuousClock.now + .milliseconds(Int(outageSeconds * 1000))
        switch await publishRetrying(until: deadline, publish) {
        case nil: return nil
        case let refusal as BrokerRefusal: return .refused(refusal.description)
        case let error?: return .unavailable("\(error)")
        }
    }

    /// The error an AWS SDK reports when the service cannot be reached.
    static func unreachable(_ service: String, _ detail: String) -> TaskOutcome {
        .failure(
            error: "\(service).SdkClientException",
            cause: "Unable to execute HTTP request: the message broker is unreachable (\(detail))")
    }

    public func run(_ request: TaskRequest) async -> TaskOutcome {
        let resource =
            request.resource.hasSuffix(".waitForTaskToken")
            ? String(request.resource.dropLast(".waitForTaskToken".count)) : request.resource
        switch resource {
        case "arn:aws:states:::sqs:sendMessage": return await sendMessage(request.input)
        case "arn:aws:states:::sns:publish": return await publish(request.input)
        case "arn:aws:states:::events:putEvents": return await putEvents(request.input)
        default: return await fallback.run(request)
        }
    }

    func requestId() -> String {
        var g = SplitMix64(seed: UInt64.random(in: 0...UInt64.max))
        return g.uuid()
    }

    func metadata(_ contentType: String, _ requestId: String) -> (JSON, JSON) {
        let http: JSON = [
            "AllHttpHeaders": [
                "x-amzn-RequestId": .string(requestId), "connection": ["keep-alive"], "Content-Type": .array([.string(contentType)]),
            ],
            "HttpHeaders": ["connection": "keep-alive", "Content-Type": .string(contentType), "x-amzn-RequestId": .string(requestId)],
            "HttpStatusCode": 200,
        ]
        return (http, ["RequestId": .string(requestId)])
    }

    static func text(_ v: JSON) -> String { v.stringValue ?? v.serialized() }

    func sendMessage(_ p: JSON) async -> TaskOutcome {
        let rid = requestId()
        guard let body = p["MessageBody"], !body.isNull else {
            return .failure(
                error: "SQS.AmazonSQSException",
                cause:
                    "The request must contain the parameter MessageBody. (Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: \(rid); Proxy: null)"
            )
        }
        guard let url = p["QueueUrl"]?.stringValue else {
            return .failure(
                error: "SQS.AmazonSQSException",
                cause:
                    "The request must contain the parameter QueueUrl. (Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter; Request ID: \(rid); Proxy: null)"
            )
        }
        let queue = queues[url] ?? url.split(separator: "/").last.map(String.init) ?? url
        let text = Self.text(body)
        let messageId = requestId()
        let message = BrokerMessage(
            exchange: "", routingKey: queue, body: Array(text.utf8), messageId: messageId, mandatory: true)
        switch await deliver({ try await broker.publish(message) }) {
        case nil: break
        case .unavailable(let detail)?: return Self.unreachable("SQS", detail)
        case .refused?:
            return .failure(
                error: "SQS.QueueDoesNotExistException",
                cause:
                    "The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; Error Code: AWS.SimpleQueueService.NonExistentQueue; Request ID: \(rid); Proxy: null)"
            )
        }
        let (http, response) = metadata("application/x-amz-json-1.0", rid)
        var out = JSONObject()
        if let attributes = p["MessageAttributes"] { out["MD5OfMessageAttributes"] = .string(Digest.md5Hex(attributes.serialized())) }
        out["MD5OfMessageBody"] = .string(Digest.md5Hex(text))
        out["MessageId"] = .string(messageId)
        out["SdkHttpMetadata"] = http
        out["SdkResponseMetadata"] = response
        return .success(.object(out))
    }

    func publish(_ p: JSON) async -> TaskOutcome {
        let rid = requestId()
        guard let message = p["Message"], !message.isNull else {
            return .failure(
                error: "SNS.InvalidParameterException",
                cause: "Invalid parameter: Message (Service: Sns, Status Code: 400, Request ID: \(rid))")
        }
        guard let topic = (p["TopicArn"] ?? p["TargetArn"])?.stringValue else {
            return .failure(
                error: "SNS.InvalidParameterException",
                cause:
                    "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter (Service: Sns, Status Code: 400, Request ID: \(rid))"
            )
        }
        // A topic ARN's resource is the topic's name (`arn:aws:sns:REGION:ACCOUNT:NAME`).
        let exchange = topics[topic] ?? ARN(parsing: topic)?.resource ?? topic
        let messageId = requestId()
        var headers: [String: String] = [:]
        if let subject = p["Subject"]?.stringValue { headers["subject"] = subject }
        let m = BrokerMessage(
            exchange: exchange, routingKey: "", body: Array(Self.text(message).utf8), messageId: messageId,
            headers: headers)
        switch await deliver({ try await broker.publish(m) }) {
        case nil: break
        case .unavailable(let detail)?: return Self.unreachable("SNS", detail)
        case .refused?:
            return .failure(
                error: "SNS.NotFoundException",
                cause: "Topic does not exist (Service: Sns, Status Code: 404, Request ID: \(rid))")
        }
        let (http, response) = metadata("text/xml", rid)
        return .success(["MessageId": .string(messageId), "SdkHttpMetadata": http, "SdkResponseMetadata": response])
    }

    func putEvents(_ p: JSON) async -> TaskOutcome {
        guard case .array(let entries)? = p["Entries"], !entries.isEmpty else {
            return .failure(error: "EventBridge.ValidationException", cause: "Entries must contain at least one entry")
        }
        var ids: [JSON] = []
        var messages: [BrokerMessage] = []
        for e in entries {
            let id = requestId()
            ids.append(["EventId": .string(id)])
            var detail: JSON = [:]
            if let d = e["Detail"] { detail = d.stringValue.flatMap { try? JSON(parsing: $0) } ?? d }
            let event: JSON = [
                "version": "0", "id": .string(id), "detail-type": e["DetailType"] ?? "", "source": e["Source"] ?? "",
                "time": .string(String(WallClock.now().iso8601.prefix(19)) + "Z"), "resources": e["Resources"] ?? [],
                "detail": detail,
            ]
            messages.append(
                BrokerMessage(
                    exchange: topology.eventsExchange, routingKey: "event.\(e["Source"]?.stringValue ?? "unknown")",
                    body: Array(event.serialized().utf8), messageId: id))
        }
        switch await deliver({ [messages] in try await broker.publish(batch: messages) }) {
        case nil: break
        case .unavailable(let detail)?: return Self.unreachable("EventBridge", detail)
        case .refused(let why)?:
            return .failure(error: "EventBridge.InternalException", cause: "cannot publish the events: \(why)")
        }
        return .success(["Entries": .array(ids), "FailedEntryCount": 0])
    }
}
