import StepEngine
import StepJSON
import StepLanguage
import StepRuntime
import StepService

/// Publishes EventBridge's "Step Functions Execution Status Change" event for each finished execution
/// to the events exchange, routing key `execution.<STATUS>`.
public struct StatusPublisher: Sendable {
    let broker: any MessageBroker
    let topology: DaemonTopology
    let log: @Sendable (String) -> Void

    public init(broker: any MessageBroker, topology: DaemonTopology, log: @escaping @Sendable (String) -> Void) {
        self.broker = broker
        self.topology = topology
        self.log = log
    }

    public func publish(_ states: [ExecutionState]) async {
        var g = SplitMix64(seed: UInt64.random(in: 0...UInt64.max))
        let messages = states.map { s -> BrokerMessage in
            let record = ExecutionRecord(
                id: 0, arn: s.info.executionArn, name: s.info.name, stateMachine: s.info.stateMachineName,
                stateMachineArn: s.info.stateMachineArn, version: nil, type: s.info.type, status: s.status,
                input: s.info.input.serialized(), output: s.output?.serialized(), error: s.error, cause: s.cause,
                startDate: s.info.startTime, stopDate: s.stopTime, redriveCount: s.info.redriveCount)
            let parts = s.info.executionArn.split(separator: ":", omittingEmptySubsequences: false)
            let event = StatusChangeEvent.make(
                record, id: g.uuid(), time: s.stopTime ?? WallClock.now(),
                region: parts.count > 3 ? String(parts[3]) : "us-east-1",
                account: parts.count > 4 ? String(parts[4]) : "111111111111")
            return BrokerMessage(
                exchange: topology.eventsExchange, routingKey: StatusChangeEvent.routingKey(s.status.rawValue),
                body: Array(event.serialized().utf8))
        }
        do {
            try await broker.publish(batch: messages)
        } catch {
            log("cannot publish \(messages.count) status-change events: \(error)")
        }
    }
}
