import StepAMQP
import Testing

@Suite(.serialized, .enabled(if: TestBroker.available, TestBroker.skipReason))
struct ConnectionTests {
    @Test func roundTripPreservesHeadersAndProperties() throws {
        let exchange = TestBroker.unique("x")
        let queue = TestBroker.unique("q")
        defer { TestBroker.cleanUp(queues: [queue], exchanges: [exchange]) }
        let connection = try TestBroker.connect()
        defer { connection.close() }
        #expect(connection.heartbeat == 30)
        #expect(connection.frameMax == 131_072)
        try connection.exchangeDeclare(exchange, type: .direct)
        let status = try connection.queueDeclare(queue)
        #expect(status.name == queue)
        #expect(status.messageCount == 0)
        try connection.queueBind(queue: queue, exchange: exchange, routingKey: "start")

        let properties = AMQPProperties(
            contentType: "application/json", headers: ["x-stepline-reason": "retry", "attempt": 3, "final": false],
            persistent: true, correlationID: "corr-1", messageID: "msg-1", timestamp: 1_700_000_000, appID: "stepline")
        let message = AMQPMessage(
            exchange: exchange, routingKey: "start", body: Array("{\"a\":1}".utf8), properties: properties)
        try connection.publishAndWait(message)

        try connection.basicQos(prefetch: 10)
        let tag = try connection.basicConsume(queue: queue)
        #expect(!tag.isEmpty)
        let envelope = try #require(try connection.consumeMessage(timeout: .seconds(5)))
        #expect(envelope.body == message.body)
        #expect(envelope.exchange == exchange)
        #expect(envelope.routingKey == "start")
        #expect(envelope.redelivered == false)
        #expect(envelope.consumerTag == tag)
        #expect(envelope.properties == properties)
        #expect(envelope.properties.header("x-stepline-reason") == "retry")
        try connection.basicAck(envelope.deliveryTag, channel: envelope.channel)
        #expect(try connection.consumeMessage(timeout: .milliseconds(200)) == nil)
        try connection.basicCancel(tag)
        #expect(try connection.queueDeclare(queue).messageCount == 0)
    }

    @Test func largeAndEmptyBodies() throws {
        let queue = TestBroker.unique("sizes")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        defer { connection.close() }
        try connection.queueDeclare(queue)
        // 1 MB spans several 128 KiB frames each way.
        let large = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try connection.publishBatchAndWait([
            AMQPMessage(routingKey: queue, body: large), AMQPMessage(routingKey: queue, body: []),
        ])
        try connection.basicConsume(queue: queue)
        let first = try #require(try connection.consumeMessage(timeout: .seconds(5)))
        #expect(first.body == large)
        let second = try #require(try connection.consumeMessage(timeout: .seconds(5)))
        #expect(second.body.isEmpty)
        try connection.basicAck(second.deliveryTag, multiple: true)
        #expect(try connection.queueDeclare(queue).messageCount == 0)
    }

    @Test func prefetchIsRespected() throws {
        let queue = TestBroker.unique("prefetch")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        defer { connection.close() }
        try connection.queueDeclare(queue)
        try connection.publishBatchAndWait((0..<10).map { AMQPMessage(routingKey: queue, body: TestBroker.body($0)) })
        try connection.basicQos(prefetch: 3)
        try connection.basicConsume(queue: queue)
        var received: [AMQPEnvelope] = []
        while let envelope = try connection.consumeMessage(timeout: .milliseconds(500)) { received.append(envelope) }
        #expect(received.count == 3)
        try connection.basicAck(received[0].deliveryTag)
        let next = try connection.consumeMessage(timeout: .seconds(2))
        #expect(next != nil)
        #expect(try connection.consumeMessage(timeout: .milliseconds(300)) == nil)
    }

    @Test func nackWithRequeueRedelivers() throws {
        let queue = TestBroker.unique("nack")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        defer { connection.close() }
        try connection.queueDeclare(queue)
        try connection.publishAndWait(AMQPMessage(routingKey: queue, body: [1, 2, 3], messageID: "m"))
        try connection.basicConsume(queue: queue)
        let first = try #require(try connection.consumeMessage(timeout: .seconds(5)))
        #expect(first.redelivered == false)
        try connection.basicNack(first.deliveryTag, requeue: true)
        let second = try #require(try connection.consumeMessage(timeout: .seconds(5)))
        #expect(second.redelivered == true)
        #expect(second.body == [1, 2, 3])
        #expect(second.properties.messageID == "m")
        try connection.basicAck(second.deliveryTag)
    }

    @Test func rejectedMessageGoesToDeadLetterExchangeWithHeaders() throws {
        let dlx = TestBroker.unique("dlx")
        let dlq = TestBroker.unique("dlq")
        let queue = TestBroker.unique("work")
        defer { TestBroker.cleanUp(queues: [queue, dlq], exchanges: [dlx]) }
        let connection = try TestBroker.connect()
        defer { connection.close() }
        try connection.declare(
            AMQPTopology(
                exchanges: [AMQPExchange(dlx, type: .fanout)],
                queues: [AMQPQueue(dlq), AMQPQueue(queue, deadLetterExchange: dlx, queueType: "classic")],
                bindings: [AMQPBinding(queue: dlq, exchange: dlx)]))
        try connection.publishAndWait(
            AMQPMessage(routingKey: queue, body: TestBroker.body(1), headers: ["x-stepline-reason": "poison"]))
        try connection.basicConsume(queue: queue)
        let envelope = try #require(try connection.consumeMessage(timeout: .seconds(5)))
        try connection.basicReject(envelope.deliveryTag, requeue: false)

        try connection.openChannel(2)
        try connection.basicConsume(queue: dlq, channel: 2)
        let dead = try #require(try connection.consumeMessage(timeout: .seconds(5)))
        #expect(dead.channel == 2)
        #expect(dead.body == TestBroker.body(1))
        #expect(dead.properties.header("x-stepline-reason") == "poison")
        #expect(dead.properties.header("x-first-death-reason") == "rejected")
        #expect(dead.properties.header("x-first-death-queue") == queue)
        guard case .array(let deaths)? = dead.properties.headers["x-death"], case .table(let death)? = deaths.first
        else {
            Issue.record("no x-death array: \(dead.properties.headers)")
            return
        }
        #expect(death["reason"]?.stringValue == "rejected")
        #expect(death["count"]?.intValue == 1)
        try connection.basicAck(dead.deliveryTag, channel: 2)
    }

    @Test func batchOfThousandConfirmed() throws {
        let queue = TestBroker.unique("batch")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        defer { connection.close() }
        try connection.queueDeclare(queue)
        try connection.confirmSelect()
        let messages = (0..<1000).map { AMQPMessage(routingKey: queue, body: TestBroker.body($0)) }
        try connection.publishBatchAndWait(messages)
        #expect(connection.unconfirmedCount() == 0)
        #expect(try connection.queueDeclare(queue).messageCount == 1000)
    }

    @Test func mandatoryUnroutableMessageFails() throws {
        let connection = try TestBroker.connect()
        defer { connection.close() }
        let message = AMQPMessage(
            routingKey: TestBroker.unique("nowhere"), body: [1], messageID: "lost", mandatory: true)
        #expect {
            try connection.publishAndWait(message)
        } throws: { error in
            (error as? AMQPError)?.code == .unroutable && (error as? AMQPError)?.replyCode == 312
        }
        // Without `mandatory` the same message is confirmed (and dropped).
        var quiet = message
        quiet.mandatory = false
        try connection.publishAndWait(quiet)
    }

    @Test func channelErrorClosesOnlyThatChannel() throws {
        let queue = TestBroker.unique("mismatch")
        defer { TestBroker.cleanUp(queues: [queue]) }
        let connection = try TestBroker.connect()
        defer { connection.close() }
        try connection.queueDeclare(queue, arguments: ["x-max-length": 10])
        #expect {
            try connection.queueDeclare(queue, arguments: ["x-max-length": 20])
        } throws: { error in
            let e = error as? AMQPError
            return e?.code == .channelClosed && e?.replyCode == 406 && e?.channel == 1
        }
        #expect(connection.isOpen)
        #expect(!connection.openChannels.contains(1))
        #expect(throws: AMQPError.self) { try connection.basicPublish(routingKey: queue, body: [1]) }
        try connection.openChannel(2)
        #expect(try connection.queueDeclare(queue, arguments: ["x-max-length": 10], channel: 2).messageCount == 0)
        #expect {
            try connection.basicConsume(queue: TestBroker.unique("missing"), channel: 2)
        } throws: { error in
            (error as? AMQPError)?.replyCode == 404
        }
    }

    @Test func unreachablePortFailsClearly() throws {
        let start = ContinuousClock.now
        let url = try AMQPURL("amqp://guest:guest@127.0.0.1:1/")
        #expect {
            _ = try AMQPConnection(url: url, options: AMQPConnectionOptions(connectTimeout: .seconds(3)))
        } throws: { error in
            let e = error as? AMQPError
            return e?.code == .socketError && e?.context.contains("127.0.0.1:1") == true
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func tlsToAPlainPortFailsClearly() throws {
        let url = try AMQPURL("amqps://guest:guest@127.0.0.1:5672/")
        let start = ContinuousClock.now
        #expect {
            _ = try AMQPConnection(url: url, options: AMQPConnectionOptions(connectTimeout: .seconds(3)))
        } throws: { error in
            let e = error as? AMQPError
            return e?.code == .socketError || e?.code == .connectionClosed || e?.code == .timeout
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        var options = AMQPConnectionOptions(connectTimeout: .seconds(3))
        options.tls.caCertificatePath = "/nonexistent/ca.pem"
        #expect(throws: AMQPError.self) { _ = try AMQPConnection(url: url, options: options) }
    }

    @Test func badCredentialsFailClearly() throws {
        var url = try TestBroker.url
        url.password = "definitely-wrong"
        #expect {
            _ = try AMQPConnection(url: url, options: TestBroker.options())
        } throws: { error in
            let e = error as? AMQPError
            return e?.code == .connectionClosed && e?.replyCode == 403
        }
    }
}
