import StepAMQP
import Testing

@Suite(.serialized, .enabled(if: TestBroker.available, TestBroker.skipReason))
struct ClientLifecycleTests {
    @Test func twoSubscriptionsOnOneClientHaveDistinctIDs() async throws {
        let q1 = TestBroker.unique("ids1")
        let q2 = TestBroker.unique("ids2")
        defer { TestBroker.cleanUp(queues: [q1, q2]) }
        let client = try AMQPClient(url: TestBroker.url, topology: AMQPTopology(queues: [AMQPQueue(q1), AMQPQueue(q2)]))
        try await client.publish(AMQPMessage(routingKey: q1, body: [1]))
        try await client.publish(AMQPMessage(routingKey: q2, body: [2]))
        var s1 = client.consume(queue: q1).makeAsyncIterator()
        var s2 = client.consume(queue: q2).makeAsyncIterator()
        let d1 = try #require(try await s1.next())
        let d2 = try #require(try await s2.next())
        // Each subscription has its own channel, so the broker's tags are equal; the ids are not.
        #expect(d1.deliveryTag == d2.deliveryTag)
        #expect(d1.id != d2.id)
        try await client.ack(d2)
        try await client.ack(d1)
        await client.close()
        #expect(try TestBroker.messageCount(q1) == 0)
        #expect(try TestBroker.messageCount(q2) == 0)
    }

    @Test func deletingTheQueueCancelsTheConsumer() async throws {
        let queue = TestBroker.unique("cdeleted")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let client = try AMQPClient(url: TestBroker.url, topology: AMQPTopology(queues: [AMQPQueue(queue)]))
        try await client.publish(AMQPMessage(routingKey: queue, body: [1]))
        let stream = client.consume(queue: queue)
        var iterator = stream.makeAsyncIterator()
        let first = try #require(try await iterator.next())
        try await client.ack(first)
        TestBroker.cleanUp(queues: [queue])
        await #expect {
            _ = try await iterator.next()
        } throws: { error in
            (error as? AMQPError)?.code == .consumerCancelled
        }
        #expect(client.generation == 1)
        await client.close()
    }

    @Test func heartbeatsKeepAnIdleConnection() async throws {
        let queue = TestBroker.unique("cheartbeat")
        defer { TestBroker.cleanUp(queues: [queue]) }
        var options = TestBroker.options()
        options.heartbeat = 1
        let client = try AMQPClient(url: TestBroker.url, options: options, topology: AMQPTopology(queues: [AMQPQueue(queue)]))
        try await client.connect()
        try await Task.sleep(for: .seconds(4))
        try await client.publish(AMQPMessage(routingKey: queue, body: [1]))
        #expect(client.generation == 1)
        await client.close()

        let connection = try AMQPConnection(url: TestBroker.url, options: options)
        defer { connection.close() }
        #expect(connection.heartbeat == 1)
        try connection.openChannel(1)
        try connection.basicConsume(queue: queue)
        let message = try #require(try connection.consumeMessage(timeout: .seconds(1)))
        #expect(message.body == [1])
        // Waiting in consumeMessage services heartbeats: the broker keeps the connection.
        #expect(try connection.consumeMessage(timeout: .seconds(4)) == nil)
        try connection.basicAck(message.deliveryTag)
        #expect(try connection.queueDeclare(queue).messageCount == 0)
    }

    @Test func droppedClientClosesItsConnection() async throws {
        let name = TestBroker.unique("dropped")
        do {
            let client = try AMQPClient(url: TestBroker.url, options: TestBroker.options(name: name))
            try await client.connect()
            guard let exists = await TestBroker.connectionExists(named: name) else { return }  // no rabbitmqctl
            #expect(exists)
        }
        // Dropping the last reference stops the thread, which closes the connection.
        #expect(await eventually { await TestBroker.connectionExists(named: name) == false })
    }
}
