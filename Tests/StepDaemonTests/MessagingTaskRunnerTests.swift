import StepDaemon
import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepTesting
import Testing

/// SQS, SNS and EventBridge tasks over the queue port, answering in AWS's shapes.
@Suite struct MessagingTaskRunnerTests {
    func request(_ resource: String, _ input: JSON) -> TaskRequest {
        TaskRequest(
            id: 1, resource: resource, input: input, stateName: "S", timeoutSeconds: nil, heartbeatSeconds: nil,
            taskToken: nil, credentials: nil, executionArn: "arn:x")
    }

    func runner(_ broker: InMemoryBroker) -> MessagingTaskRunner {
        var topology = DaemonTopology()
        topology.eventsExchange = "ev"
        return MessagingTaskRunner(
            broker: broker, topology: topology, queues: ["https://sqs.us-east-1.amazonaws.com/1/orders": "orders-q"],
            topics: [:], fallback: UnavailableTaskRunner())
    }

    @Test func sqsSendMessagePublishesToTheMappedQueue() async throws {
        let broker = InMemoryBroker()
        broker.declare(queue: "orders-q")
        let out = await runner(broker).run(
            request(
                "arn:aws:states:::sqs:sendMessage", ["QueueUrl": "https://sqs.us-east-1.amazonaws.com/1/orders", "MessageBody": ["a": 1]]))
        guard case .success(let result) = out else { Issue.record("expected success, got \(out)"); return }
        #expect(result["MD5OfMessageBody"] == .string(Digest.md5Hex(#"{"a":1}"#)))
        #expect(result["MessageId"]?.stringValue?.count == 36)
        #expect(result["SdkHttpMetadata"]?["HttpStatusCode"] == 200)
        #expect(broker.waiting("orders-q").map { String(decoding: $0.body, as: UTF8.self) } == [#"{"a":1}"#])
    }

    @Test func sqsErrorsHaveAWSNames() async {
        let broker = InMemoryBroker()
        let r = runner(broker)
        let empty = await r.run(request("arn:aws:states:::sqs:sendMessage", ["QueueUrl": "q"]))
        guard case .failure(let e1, let c1) = empty else { Issue.record("expected failure"); return }
        #expect(e1 == "SQS.AmazonSQSException")
        #expect(c1?.hasPrefix("The request must contain the parameter MessageBody.") == true)
        let missing = await r.run(request("arn:aws:states:::sqs:sendMessage", ["QueueUrl": "https://x/nope", "MessageBody": "m"]))
        guard case .failure(let e2, _) = missing else { Issue.record("expected failure"); return }
        #expect(e2 == "SQS.QueueDoesNotExistException")
    }

    @Test func snsPublishAndPutEvents() async throws {
        let broker = InMemoryBroker()
        broker.bind(exchange: "alerts", queue: "alerts-sub")
        broker.bind(exchange: "ev", queue: "ev-sub", pattern: "event.#")
        let r = runner(broker)
        let sns = await r.run(request("arn:aws:states:::sns:publish", ["TopicArn": "arn:aws:sns:us-east-1:1:alerts", "Message": "hi"]))
        guard case .success(let s) = sns else { Issue.record("expected success"); return }
        #expect(s["MessageId"] != nil)
        #expect(broker.waiting("alerts-sub").count == 1)
        let ev = await r.run(
            request("arn:aws:states:::events:putEvents", ["Entries": [["Source": "shop", "DetailType": "Order", "Detail": #"{"n":1}"#]]]))
        guard case .success(let e) = ev else { Issue.record("expected success"); return }
        #expect(e["FailedEntryCount"] == 0)
        let event = try JSON(parsing: try #require(broker.waiting("ev-sub").first).body)
        #expect(event["source"] == "shop" && event["detail"] == ["n": 1])
    }
}

/// A broker outage while publishing: retried while it lasts, then AWS's SDK client error (which Retry can match).
@Suite struct MessagingOutageTests {
    func request(_ resource: String, _ input: JSON) -> TaskRequest {
        TaskRequest(
            id: 1, resource: resource, input: input, stateName: "Send", timeoutSeconds: nil, heartbeatSeconds: nil,
            taskToken: nil, credentials: nil, executionArn: "arn:aws:states:us-east-1:111111111111:execution:m:e")
    }

    @Test func aShortOutageIsRiddenOut() async throws {
        let broker = InMemoryBroker()
        broker.declare(queue: "orders")
        broker.setAvailable(false)
        let runner = MessagingTaskRunner(
            broker: broker, topology: DaemonTopology(), outageSeconds: 60, fallback: UnavailableTaskRunner())
        let back = Task {
            try await Task.sleep(for: .milliseconds(300))
            broker.setAvailable(true)
        }
        let outcome = await runner.run(
            request("arn:aws:states:::sqs:sendMessage", ["QueueUrl": "https://sqs/111111111111/orders", "MessageBody": "hi"]))
        _ = try await back.value
        guard case .success(let out) = outcome else {
            Issue.record("expected success after the outage, got \(outcome)")
            return
        }
        #expect(out["MessageId"]?.stringValue != nil)
        #expect(broker.waiting("orders").count == 1, "the message went out once the broker was back")
    }

    @Test func aLongOutageFailsWithTheSDKClientError() async {
        let broker = InMemoryBroker()
        broker.setAvailable(false)
        let runner = MessagingTaskRunner(
            broker: broker, topology: DaemonTopology(), outageSeconds: 0.3, fallback: UnavailableTaskRunner())
        let sqs = await runner.run(
            request("arn:aws:states:::sqs:sendMessage", ["QueueUrl": "orders", "MessageBody": "hi"]))
        let sns = await runner.run(
            request("arn:aws:states:::sns:publish", ["TopicArn": "arn:aws:sns:us-east-1:111111111111:t", "Message": "m"]))
        let events = await runner.run(
            request("arn:aws:states:::events:putEvents", ["Entries": [["Source": "s", "DetailType": "d", "Detail": "{}"]]]))
        guard case .failure(let e1, let c1) = sqs, case .failure(let e2, _) = sns, case .failure(let e3, _) = events else {
            Issue.record("expected failures, got \(sqs) \(sns) \(events)")
            return
        }
        #expect(e1 == "SQS.SdkClientException")
        #expect(c1?.contains("Unable to execute HTTP request") == true)
        #expect(e2 == "SNS.SdkClientException")
        #expect(e3 == "EventBridge.SdkClientException")
    }

    @Test func aMissingQueueIsRefusedAtOnceNotRetried() async {
        let broker = InMemoryBroker()
        let runner = MessagingTaskRunner(
            broker: broker, topology: DaemonTopology(), outageSeconds: 30, fallback: UnavailableTaskRunner())
        let started = ContinuousClock.now
        let outcome = await runner.run(
            request("arn:aws:states:::sqs:sendMessage", ["QueueUrl": "nowhere", "MessageBody": "hi"]))
        #expect(ContinuousClock.now - started < .seconds(5))
        guard case .failure(let error, _) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(error == "SQS.QueueDoesNotExistException")
    }
}
