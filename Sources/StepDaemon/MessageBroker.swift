import Synchronization
import StepService
/// One message taken from a queue, to be acknowledged or rejected once handled.
public struct BrokerDelivery: Sendable {
    /// The broker's delivery tag, valid on the connection (`generation`) that delivered it.
    public var tag: UInt64
    public var generation: Int
    public var body: [UInt8]
    public var messageId: String?
    public var headers: [String: String]
    public var redelivered: Bool

    public init(tag: UInt64, generation: Int, body: [UInt8], messageId: String?, headers: [String: String], redelivered: Bool) {
        self.tag = tag
        self.generation = generation
        self.body = body
        self.messageId = messageId
        self.headers = headers
        self.redelivered = redelivered
    }
}

/// A message to publish: persistent, confirmed by the broker before `publish` returns.
public struct BrokerMessage: Sendable {
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var messageId: String?
    public var headers: [String: String]
    /// Fail the publish when no queue takes the message, instead of dropping it.
    public var mandatory: Bool

    public init(
        exchange: String, routingKey: String, body: [UInt8], messageId: String? = nil, headers: [String: String] = [:],
        mandatory: Bool = false
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageId = messageId
        self.headers = headers
        self.mandatory = mandatory
    }
}

/// A publish the broker refused for good: no queue takes the message, or its exchange does not exist.
/// Any other publish error is an outage, worth retrying.
public struct BrokerRefusal: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The queue port: what the daemon and workers need from a message broker. The AMQP adapter implements
/// it over RabbitMQ; an in-memory one serves tests.
public protocol MessageBroker: Sendable {
    /// Publishes and waits for the broker's confirm.
    func publish(_ message: BrokerMessage) async throws
    /// Publishes many and waits for all their confirms.
    func publish(batch: [BrokerMessage]) async throws
    /// Deliveries from `queue`, at most `prefetch` unacknowledged at once.
    func deliveries(queue: String, prefetch: Int) -> AsyncThrowingStream<BrokerDelivery, any Error>
    func ack(_ delivery: BrokerDelivery) async
    func reject(_ delivery: BrokerDelivery, requeue: Bool) async
    /// Makes sure a durable queue exists (one named only at run time, such as a new activity's), dead-lettering
    /// to the topology's exchange; it stays declared across reconnections.
    func declareQueue(_ name: String) async throws
    /// Whether the connections are up and their I/O threads answer (for the watchdog and status), and how
    /// often they had to reconnect.
    func health() async -> BrokerHealth
}

extension MessageBroker {
    public func health() async -> BrokerHealth { BrokerHealth(connected: true, responsive: true, reconnects: 0) }
}

/// What `MessageBroker.health()` reports.
public struct BrokerHealth: Sendable, Equatable {
    /// Every connection is up.
    public var connected: Bool
    /// Every connection's I/O thread answered (a hung client would not).
    public var responsive: Bool
    /// Reconnections since the process started.
    public var reconnects: Int

    public init(connected: Bool, responsive: Bool, reconnects: Int) {
        self.connected = connected
        self.responsive = responsive
        self.reconnects = reconnects
    }
}

/// The start rules in force; SIGHUP replaces them while the start ingress runs.
public final class StartRules: Sendable {
    let rules: Mutex<[StartRule]>
    public init(_ rules: [StartRule]) { self.rules = Mutex(rules) }
    public var current: [StartRule] {
        get { rules.withLock { $0 } }
        set { rules.withLock { $0 = newValue } }
    }
}

/// Queue and exchange names, overridable in the config file.
public struct DaemonTopology: Sendable {
    public var startQueue = "stepline.start"
    public var deadLetterExchange = "stepline.dead"
    public var deadLetterQueue = "stepline.dead"
    public var eventsExchange = "stepline.events"
    public var jobQueue = "stepline.jobs"
    public var resultQueue = "stepline.results"
    public var callbackQueue = "stepline.callbacks"
    /// Each activity's tasks go to the durable queue named this prefix and the activity's name.
    public var activityQueuePrefix = "stepline.activity."

    public init() {}

    /// The queue of an activity's tasks.
    public func activityQueue(_ activityName: String) -> String { activityQueuePrefix + activityName }
}
