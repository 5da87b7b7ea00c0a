/// Parts of an execution ARN (`arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`) that integrations
/// need to complete names and headers.
enum ExecutionArn {
    /// Region and account of the execution; `us-east-1` and `111111111111` when the ARN has none.
    static func regionAndAccount(_ executionArn: String) -> (region: String, account: String) {
        let p = executionArn.split(separator: ":", omittingEmptySubsequences: false)
        let region = p.count > 4 && !p[3].isEmpty ? String(p[3]) : "us-east-1"
        let account = p.count > 4 && !p[4].isEmpty ? String(p[4]) : "111111111111"
        return (region, account)
    }
}
