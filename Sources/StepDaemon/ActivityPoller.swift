import StepJSON
import StepService

/// GetActivityTask over the broker: takes one task from the activity's queue, waiting at most a given time,
/// and tells the service (through the callback queue) that a worker started it, for `ActivityStarted`.
///
/// The delivery is acknowledged before the task is handed back, so no other poller can get it: like AWS, a
/// worker that dies with a task in hand leaves it to the state's timeout or heartbeat.
public struct ActivityPoller: Sendable {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let log: @Sendable (String) -> Void

    public init(broker: any MessageBroker, topology: DaemonTopology, log: @escaping @Sendable (String) -> Void) {
        self.broker = broker
        self.topology = topology
        self.log = log
    }

    /// The next task of the activity, or `nil` when none came within `waitSeconds`.
    public func poll(activityName: String, workerName: String?, waitSeconds: Double = Activities.pollSeconds) async throws
        -> ActivityTask?
    {
        let queue = topology.activityQueue(activityName)
        // An activity created after the broker connected has no queue yet.
        try await broker.declareQueue(queue)
        let stream = broker.deliveries(queue: queue, prefetch: 1)
        let broker = self.broker
        let topology = self.topology
        let log = self.log
        // Two child tasks race: one takes a delivery, one sleeps until the deadline. Whichever ends first
        // cancels the other; a task taken (and acknowledged) just as the deadline passed is still returned.
        let taken = try await withThrowingTaskGroup(of: ActivityTask?.self) { group in
            group.addTask {
                // Cancelled at the deadline: the stream ends, and a delivery not yet taken goes back to the queue.
                for try await delivery in stream {
                    guard let body = try? JSON(parsing: delivery.body), let task = ActivityTask(json: body) else {
                        await broker.deadLetter(
                            delivery, exchange: topology.deadLetterExchange, routingKey: queue,
                            reason: "an activity task needs a JSON body with a taskToken", log: log)
                        continue
                    }
                    await broker.ack(delivery)
                    return task
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, waitSeconds) * 1_000_000_000))
                return nil
            }
            var found: ActivityTask?
            while let result = try await group.next() {
                group.cancelAll()
                if let result { found = result }
            }
            return found
        }
        guard let task = taken else { return nil }
        await started(task, workerName: workerName)
        return task
    }

    /// `{"taskToken", "started": true, "workerName"}` on the callback queue; the task is the worker's either way.
    func started(_ task: ActivityTask, workerName: String?) async {
        var body: JSONObject = ["taskToken": .string(task.taskToken), "started": true]
        if let workerName { body["workerName"] = .string(workerName) }
        do {
            try await broker.publish(
                BrokerMessage(exchange: "", routingKey: topology.callbackQueue, body: Array(JSON.object(body).serialized().utf8)))
        } catch {
            log("cannot report the task as started: \(error)")
        }
    }
}
