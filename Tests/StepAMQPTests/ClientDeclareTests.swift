import StepAMQP
import Testing

/// Queues declared after a client connected: an activity created while the daemon runs.
@Suite(.serialized, .enabled(if: TestBroker.available, TestBroker.skipReason))
struct ClientDeclareTests {
    private func client() throws -> AMQPClient {
        try AMQPClient(
            url: TestBroker.url, options: TestBroker.options(), topology: AMQPTopology(),
            reconnect: AMQPReconnectPolicy(initialDelay: .milliseconds(50), maxDelay: .seconds(1)))
    }

    @Test func aQueueDeclaredOnAConnectedClientTakesMessagesAtOnce() async throws {
        let queue = TestBroker.unique("late")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let c = try client()
        try await c.connect()
        try await c.declare(AMQPQueue(queue))
        try await c.declare(AMQPQueue(queue))
        try await c.publish(AMQPMessage(routingKey: queue, body: TestBroker.body(1), mandatory: true))
        #expect(try TestBroker.messageCount(queue) == 1)
        for try await delivery in c.consume(queue: queue, prefetch: 1) {
            #expect(delivery.body == TestBroker.body(1))
            try await c.ack(delivery)
            break
        }
        await c.close()
    }

    @Test func aQueueDeclaredBeforeTheConnectionIsDeclaredWhenItComes() async throws {
        let queue = TestBroker.unique("early")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let c = try client()
        try await c.declare(AMQPQueue(queue))
        try await c.connect()
        try await c.publish(AMQPMessage(routingKey: queue, body: TestBroker.body(2), mandatory: true))
        #expect(try TestBroker.messageCount(queue) == 1)
        await c.close()
    }

    @Test func aRefusedDeclarationFailsAloneAndTheClientGoesOn() async throws {
        let queue = TestBroker.unique("clash")
        let other = TestBroker.unique("fine")
        defer { TestBroker.cleanUp(queues: [queue, other]) }
        // The queue exists with a dead-letter exchange; declaring it without one is a 406 from the broker.
        _ = try TestBroker.messageCount(queue, arguments: ["x-dead-letter-exchange": .string("elsewhere")])
        let c = try client()
        try await c.connect()
        await #expect(throws: AMQPError.self) { try await c.declare(AMQPQueue(queue)) }
        try await c.declare(AMQPQueue(other))
        try await c.publish(AMQPMessage(routingKey: other, body: TestBroker.body(3), mandatory: true))
        #expect(try TestBroker.messageCount(other) == 1)
        #expect(c.generation == 1, "the refusal closed one channel, not the connection")
        await c.close()
    }
}
