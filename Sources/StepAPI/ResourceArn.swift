import StepLanguage

/// A state machine ARN as the API reads it: `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME[:QUALIFIER]`.
struct ResourceArn {
    var name: String
    var qualifier: String?

    /// AWS's answer to what is not an ARN at all.
    static func checkPrefix(_ arn: String) throws(APIError) {
        guard arn.hasPrefix("arn:") else { throw APIError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: \(arn)'") }
    }

    /// A state machine ARN, possibly of a version (`:3`) or an alias (`:prod`).
    static func stateMachine(_ arn: String) throws(APIError) -> ResourceArn {
        try checkPrefix(arn)
        guard let reference = ARN(parsing: arn)?.stateMachineReference else {
            throw APIError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: \(arn)'")
        }
        return ResourceArn(name: reference.name, qualifier: reference.qualifier)
    }

    /// The version number when the qualifier is one.
    var version: Int? { qualifier.flatMap { Int($0) } }
}
