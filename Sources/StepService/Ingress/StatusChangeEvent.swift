import StepJSON
import StepLanguage

/// EventBridge's "Step Functions Execution Status Change" event for an execution, as the daemon publishes it.
public enum StatusChangeEvent {
    public static func make(_ r: ExecutionRecord, id: String, time: Timestamp, region: String, account: String) -> JSON {
        var detail = JSONObject(minimumCapacity: 12)
        detail["executionArn"] = .string(r.arn)
        detail["stateMachineArn"] = .string(r.stateMachineArn)
        detail["name"] = .string(r.name)
        detail["status"] = .string(r.status.rawValue)
        detail["startDate"] = .int(r.startDate.epochMilliseconds)
        detail["stopDate"] = r.stopDate.map { .int($0.epochMilliseconds) } ?? .null
        detail["input"] = .string(r.input)
        detail["output"] = r.output.map(JSON.string) ?? .null
        detail["inputDetails"] = .object(["included": true])
        detail["outputDetails"] = r.output == nil ? .null : .object(["included": true])
        detail["error"] = r.error.map(JSON.string) ?? .null
        detail["cause"] = r.cause.map(JSON.string) ?? .null
        detail["redriveCount"] = .int(r.redriveCount)
        var o = JSONObject(minimumCapacity: 9)
        o["version"] = "0"
        o["id"] = .string(id)
        o["detail-type"] = "Step Functions Execution Status Change"
        o["source"] = "aws.states"
        o["account"] = .string(account)
        o["time"] = .string(String(time.iso8601.prefix(19)) + "Z")
        o["region"] = .string(region)
        o["resources"] = .array([.string(r.arn)])
        o["detail"] = .object(detail)
        return .object(o)
    }

    /// The routing key the events exchange uses: `execution.<STATUS>`.
    public static func routingKey(_ status: String) -> String { "execution.\(status)" }
}
