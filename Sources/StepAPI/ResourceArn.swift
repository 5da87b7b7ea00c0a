import StepService

/// The parts of a Step Functions ARN the API needs: `arn:aws:states:REGION:ACCOUNT:KIND:NAME[:QUALIFIER]`.
struct ResourceArn {
    var kind: String
    var name: String
    var qualifier: String?

    init(_ arn: String, kinds: Set<String>) throws(APIError) {
        try Self.checkPrefix(arn)
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 7, parts.count <= 8, parts[0] == "arn", parts[2] == "states", kinds.contains(String(parts[5])),
            !parts[6].isEmpty
        else { throw APIError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: \(arn)'") }
        kind = String(parts[5])
        name = String(parts[6])
        qualifier = parts.count == 8 ? String(parts[7]) : nil
    }

    /// AWS's answer to what is not an ARN at all.
    static func checkPrefix(_ arn: String) throws(APIError) {
        guard arn.hasPrefix("arn:") else { throw APIError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: \(arn)'") }
    }

    /// A state machine ARN, possibly of a version (`:3`) or an alias (`:prod`).
    static func stateMachine(_ arn: String) throws(APIError) -> ResourceArn {
        try ResourceArn(arn, kinds: ["stateMachine"])
    }

    /// The version number when the qualifier is one.
    var version: Int? { qualifier.flatMap { Int($0) } }
}
