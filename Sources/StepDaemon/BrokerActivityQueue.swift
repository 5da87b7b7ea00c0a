import StepJSON
import StepService

/// Publishes activity tasks (`{"taskToken", "input"}`) to one durable queue per activity, named by
/// `DaemonTopology.activityQueue(_:)`. Mandatory: while no queue of that name exists (no worker has declared
/// it yet), the publish fails and the service tries again; the task waits in the outbox meanwhile.
public struct BrokerActivityQueue: ActivityQueue {
    let broker: any MessageBroker
    let topology: DaemonTopology

    public init(broker: any MessageBroker, topology: DaemonTopology) {
        self.broker = broker
        self.topology = topology
    }

    public func publish(_ task: ActivityTask, activityName: String) async throws {
        try await broker.publish(
            BrokerMessage(
                exchange: "", routingKey: topology.activityQueue(activityName), body: Array(task.json.serialized().utf8),
                messageId: task.taskToken, mandatory: true))
    }
}
