import StepLanguage

/// Parts of an execution ARN (`arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`) that integrations
/// need to complete names and headers.
enum ExecutionArn {
    /// Region and account of the execution; `us-east-1` and `111111111111` when the ARN has none.
    static func regionAndAccount(_ executionArn: String) -> (region: String, account: String) {
        let arn = ARN(parsing: executionArn)
        let region = arn?.region ?? ""
        let account = arn?.account ?? ""
        return (region.isEmpty ? "us-east-1" : region, account.isEmpty ? "111111111111" : account)
    }
}
