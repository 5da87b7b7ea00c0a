import StepAMQP
import Testing

@Suite(.serialized, .enabled(if: TestBroker.available, TestBroker.skipReason))
struct ClientTests {
    private func topology(_ exchange: String, _ queue: String) -> AMQPTopology {
        AMQPTopology(
            exchanges: [AMQPExchange(exchange, type: .topic)], queues: [AMQPQueue(queue)],
            bindings: [AMQPBinding(queue: queue, exchange: exchange, routingKey: "start.#")])
    }

    private func client(_ topology: AMQPTopology = AMQPTopology(), name: String? = nil) throws -> AMQPClient {
        try AMQPClient(
            url: TestBroker.url, options: TestBroker.options(name: name), topology: topology,
            reconnect: AMQPReconnectPolicy(initialDelay: .milliseconds(50), maxDelay: .seconds(1)))
    }

    @Test func publisherAndConsumerSideBySide() async throws {
        let exchange = TestBroker.unique("cx")
        let queue = TestBroker.unique("cq")
        defer { TestBroker.cleanUp(queues: [queue], exchanges: [exchange]) }
        let publisher = try client(topology(exchange, queue))
        let consumer = try client(topology(exchange, queue))
        try await publisher.connect()
        try await consumer.connect()
        #expect(publisher.generation == 1)
        #expect(publisher.isConnected)

        let message = AMQPMessage(
            exchange: exchange, routingKey: "start.w1", body: TestBroker.body(7), contentType: "application/json",
            messageID: "exec-7", headers: ["x-stepline-reason": "start"])
        try await publisher.publish(message)
        try await publisher.publishBatch(
            (0..<99).map {
                AMQPMessage(exchange: exchange, routingKey: "start.w1", body: TestBroker.body($0))
            })

        var count = 0
        for try await delivery in consumer.consume(queue: queue, prefetch: 20) {
            if count == 0 {
                #expect(delivery.body == message.body)
                #expect(delivery.properties.messageID == "exec-7")
                #expect(delivery.properties.contentType == "application/json")
                #expect(delivery.properties.persistent == true)
                #expect(delivery.properties.header("x-stepline-reason") == "start")
                #expect(delivery.routingKey == "start.w1")
                #expect(delivery.generation == 1)
            }
            try await consumer.ack(delivery)
            count += 1
            if count == 100 { break }
        }
        #expect(count == 100)
        await publisher.close()
        await consumer.close()
        #expect(try TestBroker.messageCount(queue) == 0)
        await #expect(throws: AMQPError.self) { try await publisher.publish(message) }
    }

    @Test func batchOfThousandConfirmed() async throws {
        let queue = TestBroker.unique("cbatch")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let publisher = try client(AMQPTopology(queues: [AMQPQueue(queue)]))
        defer { Task { await publisher.close() } }
        try await publisher.publishBatch((0..<1000).map { AMQPMessage(routingKey: queue, body: TestBroker.body($0)) })
        #expect(try TestBroker.messageCount(queue) == 1000)
    }

    @Test func nackRequeueAndDeadLetter() async throws {
        let dlx = TestBroker.unique("cdlx")
        let dlq = TestBroker.unique("cdlq")
        let queue = TestBroker.unique("cwork")
        defer { TestBroker.cleanUp(queues: [queue, dlq], exchanges: [dlx]) }
        let client = try client(
            AMQPTopology(
                exchanges: [AMQPExchange(dlx, type: .fanout)],
                queues: [AMQPQueue(dlq), AMQPQueue(queue, deadLetterExchange: dlx)],
                bindings: [AMQPBinding(queue: dlq, exchange: dlx)]))
        try await client.publish(AMQPMessage(routingKey: queue, body: [42], headers: ["x-stepline-reason": "bad input"]))
        var seen = 0
        for try await delivery in client.consume(queue: queue, prefetch: 1) {
            seen += 1
            if seen == 1 {
                #expect(!delivery.redelivered)
                try await client.nack(delivery, requeue: true)
            } else {
                #expect(delivery.redelivered)
                try await client.reject(delivery, requeue: false)
                break
            }
        }
        for try await dead in client.consume(queue: dlq) {
            #expect(dead.body == [42])
            #expect(dead.properties.header("x-stepline-reason") == "bad input")
            #expect(dead.properties.header("x-first-death-reason") == "rejected")
            try await client.ack(dead)
            break
        }
        await client.close()
    }

    @Test func reconnectsAfterBrokerClosesTheConnection() async throws {
        let queue = TestBroker.unique("creconnect")
        let name = TestBroker.unique("conn")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let client = try client(AMQPTopology(queues: [AMQPQueue(queue)]), name: name)
        try await client.connect()
        try await client.publish(AMQPMessage(routingKey: queue, body: [1]))
        var stream = client.consume(queue: queue, prefetch: 10).makeAsyncIterator()
        let before = try #require(try await stream.next())
        #expect(before.generation == 1)

        switch TestBroker.forceClose(connectionNamed: name) {
        case .closed:
            break
        case .noRabbitmqctl:
            // Without rabbitmqctl (a remote broker), shut the socket down instead.
            client.simulateNetworkFailure()
        case .notFound:
            Issue.record("rabbitmqctl did not list the connection named \(name)")
            return
        }
        try await afterReconnect(client, queue, &stream, before)
    }

    @Test func reconnectsAfterNetworkFailure() async throws {
        let queue = TestBroker.unique("cnetfail")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let client = try client(AMQPTopology(queues: [AMQPQueue(queue)]))
        try await client.publish(AMQPMessage(routingKey: queue, body: [1]))
        var stream = client.consume(queue: queue, prefetch: 10).makeAsyncIterator()
        let before = try #require(try await stream.next())
        client.simulateNetworkFailure()
        try await afterReconnect(client, queue, &stream, before)
    }

    /// The unacknowledged delivery comes again on the new connection; the old one cannot be settled; publishing
    /// and consuming go on.
    private func afterReconnect(
        _ client: AMQPClient, _ queue: String, _ stream: inout AsyncThrowingStream<AMQPDelivery, any Error>.Iterator,
        _ before: AMQPDelivery
    ) async throws {
        #expect(await eventually { client.generation == 2 })
        let again = try #require(try await stream.next())
        #expect(again.generation == 2)
        #expect(again.redelivered)
        #expect(again.body == before.body)
        await #expect {
            try await client.ack(before)
        } throws: { error in
            (error as? AMQPError)?.code == .staleDelivery
        }
        try await client.ack(again)
        try await client.publish(AMQPMessage(routingKey: queue, body: [2]))
        let next = try #require(try await stream.next())
        #expect(next.body == [2])
        try await client.ack(next)
        await client.close()
        #expect(try await stream.next() == nil)
        #expect(try TestBroker.messageCount(queue) == 0)
    }

    @Test func unreachablePortGivesClearError() async throws {
        let url = try AMQPURL("amqp://guest:guest@127.0.0.1:1/")
        let client = try AMQPClient(
            url: url, options: AMQPConnectionOptions(connectTimeout: .seconds(2)),
            reconnect: AMQPReconnectPolicy(publishWait: .seconds(1)))
        await #expect {
            try await client.connect()
        } throws: { error in
            (error as? AMQPError)?.code == .socketError
        }
        let start = ContinuousClock.now
        await #expect {
            try await client.publish(AMQPMessage(routingKey: "q", body: [1]))
        } throws: { error in
            let e = error as? AMQPError
            return e?.code == .timeout && e?.message.contains("socketError") == true
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(!client.isConnected)
        await client.close()
    }

    @Test func endingTheStreamStopsDeliveryAndRequeues() async throws {
        let queue = TestBroker.unique("cstop")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let client = try client(AMQPTopology(queues: [AMQPQueue(queue)]))
        try await client.publishBatch((0..<5).map { AMQPMessage(routingKey: queue, body: [UInt8($0)]) })
        var kept: AMQPDelivery?
        for try await delivery in client.consume(queue: queue, prefetch: 1) {
            kept = delivery
            break
        }
        let unacked = try #require(kept)
        // The subscription is gone: its one unacknowledged message is back, nothing else was taken.
        #expect(try await eventually { try TestBroker.messageCount(queue) == 5 })
        await #expect {
            try await client.ack(unacked)
        } throws: { error in
            (error as? AMQPError)?.code == .staleDelivery
        }
        try await client.publish(AMQPMessage(routingKey: queue, body: [9]))
        try await Task.sleep(for: .milliseconds(300))
        #expect(try TestBroker.messageCount(queue) == 6)
        await client.close()
    }

    @Test func consumingAMissingQueueEndsTheStream() async throws {
        let client = try client()
        await #expect {
            for try await _ in client.consume(queue: TestBroker.unique("missing")) {}
        } throws: { error in
            let e = error as? AMQPError
            return e?.code == .channelClosed && e?.replyCode == 404
        }
        // The connection is still fine.
        let queue = TestBroker.unique("after404")
        defer { TestBroker.cleanUp(queues: [queue]) }
        _ = try TestBroker.messageCount(queue)
        try await client.publish(AMQPMessage(routingKey: queue, body: [1]))
        #expect(client.generation == 1)
        await client.close()
    }

    @Test func overlongNamesAreRefusedBeforeSending() async throws {
        let client = try client()
        await #expect {
            try await client.publish(AMQPMessage(routingKey: String(repeating: "k", count: 256), body: [1]))
        } throws: { error in
            (error as? AMQPError)?.code == .invalidArgument
        }
        await #expect {
            try await client.publish(
                AMQPMessage(routingKey: "q", body: [1], headers: [String(repeating: "h", count: 300): "v"]))
        } throws: { error in
            (error as? AMQPError)?.code == .invalidArgument
        }
        try await client.connect()
        #expect(client.generation == 1)
        await client.close()
    }

    @Test func unroutableMandatoryPublishFails() async throws {
        let client = try client()
        await #expect {
            try await client.publish(
                AMQPMessage(routingKey: TestBroker.unique("nowhere"), body: [1], messageID: "m1", mandatory: true))
        } throws: { error in
            (error as? AMQPError)?.code == .unroutable
        }
        await client.close()
    }
}
