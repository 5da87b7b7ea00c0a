import Foundation
import StepAMQP
import StepAMQPBroker
import StepDaemon
import Testing

/// The MessageBroker adapter against a real RabbitMQ on 127.0.0.1 (`scripts/rabbitmq start`), on a
/// topology of its own (queue names no other run uses): what the daemon relies on from any broker.
@Suite(.serialized, .enabled(if: BrokerUnderTest.available, "no RabbitMQ broker at 127.0.0.1:5672 (start one: scripts/rabbitmq start)"))
struct AMQPBrokerTests {
    @Test func aPublishedMessageIsDeliveredWithItsIdAndHeadersAndAcknowledged() async throws {
        let (broker, topology) = try await BrokerUnderTest.connect()
        defer { BrokerUnderTest.cleanUp(topology) }
        try await broker.publish(
            BrokerMessage(
                exchange: "", routingKey: topology.startQueue, body: Array(#"{"a":1}"#.utf8), messageId: "m-1", headers: ["k": "v"]))
        let delivery = try #require(try await BrokerUnderTest.first(broker, topology.startQueue) { await broker.ack($0) })
        #expect(delivery.body == Array(#"{"a":1}"#.utf8))
        #expect(delivery.messageId == "m-1")
        #expect(delivery.headers["k"] == "v")
        #expect(!delivery.redelivered)
        await broker.close()
        // Acknowledged: a new connection finds the queue empty.
        let (again, _) = try await BrokerUnderTest.connect(topology)
        let nothing = try await BrokerUnderTest.first(again, topology.startQueue, within: 1)
        #expect(nothing == nil)
        await again.close()
    }

    @Test func aRejectedMessageComesBackMarkedRedelivered() async throws {
        let (broker, topology) = try await BrokerUnderTest.connect()
        defer { BrokerUnderTest.cleanUp(topology) }
        try await broker.publish(BrokerMessage(exchange: "", routingKey: topology.jobQueue, body: Array("job".utf8)))
        let first = try #require(
            try await BrokerUnderTest.first(broker, topology.jobQueue) { await broker.reject($0, requeue: true) })
        #expect(!first.redelivered)
        let second = try #require(try await BrokerUnderTest.first(broker, topology.jobQueue) { await broker.ack($0) })
        #expect(second.body == Array("job".utf8))
        #expect(second.redelivered)
        await broker.close()
    }

    @Test func aMandatoryMessageNoQueueTakesIsRefused() async throws {
        let (broker, topology) = try await BrokerUnderTest.connect()
        defer { BrokerUnderTest.cleanUp(topology) }
        await #expect(throws: (any Error).self) {
            try await broker.publish(
                BrokerMessage(exchange: "", routingKey: topology.startQueue + ".nobody", body: [1], mandatory: true))
        }
        let health = await broker.health()
        #expect(health.connected)
        await broker.close()
    }

    @Test func aBadURLIsAClearError() {
        #expect(throws: AMQPBrokerURLError.self) { try AMQPBroker(url: "http://nope", topology: DaemonTopology()) }
    }
}

/// The test broker and a topology of its own per test.
enum BrokerUnderTest {
    static let url = ProcessInfo.processInfo.environment["STEPLINE_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"

    static let available: Bool = {
        guard let parsed = try? AMQPURL(url),
            let c = try? AMQPConnection(
                url: parsed, options: AMQPConnectionOptions(heartbeat: 30, connectTimeout: .seconds(2), rpcTimeout: .seconds(5)))
        else { return false }
        c.close()
        return true
    }()

    static func topology() -> DaemonTopology {
        let tag = "stepline-test-broker-\(UInt64.random(in: 0..<UInt64.max))"
        var t = DaemonTopology()
        t.startQueue = tag + ".start"
        t.deadLetterExchange = tag + ".dead"
        t.deadLetterQueue = tag + ".dead"
        t.eventsExchange = tag + ".events"
        t.jobQueue = tag + ".jobs"
        t.resultQueue = tag + ".results"
        t.callbackQueue = tag + ".callbacks"
        return t
    }

    static func connect(_ existing: DaemonTopology? = nil) async throws -> (AMQPBroker, DaemonTopology) {
        let t = existing ?? topology()
        let broker = try AMQPBroker(url: url, topology: t)
        try await broker.connectOnce()
        return (broker, t)
    }

    /// The first delivery on `queue` within `seconds`, or nil, settled by `settle` while its subscription
    /// is still open (a delivery whose subscription has ended can no longer be settled: the broker requeues it).
    static func first(
        _ broker: AMQPBroker, _ queue: String, within seconds: Double = 10,
        settle: @escaping @Sendable (BrokerDelivery) async -> Void = { _ in }
    ) async throws -> BrokerDelivery? {
        try await withThrowingTaskGroup(of: BrokerDelivery?.self) { group in
            group.addTask {
                for try await d in broker.deliveries(queue: queue, prefetch: 1) {
                    await settle(d)
                    return d
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                return nil
            }
            let found = try await group.next() ?? nil
            group.cancelAll()
            return found
        }
    }

    static func cleanUp(_ t: DaemonTopology) {
        guard let parsed = try? AMQPURL(url),
            let c = try? AMQPConnection(
                url: parsed, options: AMQPConnectionOptions(heartbeat: 30, connectTimeout: .seconds(2), rpcTimeout: .seconds(5)))
        else { return }
        defer { c.close() }
        try? c.openChannel(1)
        for q in [t.startQueue, t.deadLetterQueue, t.jobQueue, t.resultQueue, t.callbackQueue, t.startQueue + ".nobody"] {
            _ = try? c.queueDelete(q)
        }
        for e in [t.deadLetterExchange, t.eventsExchange] { try? c.exchangeDelete(e) }
    }
}
