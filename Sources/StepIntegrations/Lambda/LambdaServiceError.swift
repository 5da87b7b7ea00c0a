import Foundation
import StepRuntime

/// An error the Lambda service itself answers with (not the function), named and worded as Step
/// Functions reports it: `Lambda.<ErrorCode>`, and a cause in the AWS Java SDK's words.
struct LambdaServiceError: Sendable {
    var code: String
    var status: Int
    var message: String

    static func notFound(_ reference: FunctionReference, region: String, account: String) -> LambdaServiceError {
        var arn = reference.arn(region: region, account: account, qualified: false)
        arn += ":" + (reference.qualifier ?? "$LATEST")
        return LambdaServiceError(code: "ResourceNotFoundException", status: 404, message: "Function not found: \(arn)")
    }

    static func invalidParameter(_ message: String) -> LambdaServiceError {
        LambdaServiceError(code: "InvalidParameterValueException", status: 400, message: message)
    }

    static func invalidRequestContent(_ message: String) -> LambdaServiceError {
        LambdaServiceError(code: "InvalidRequestContentException", status: 400, message: message)
    }

    var outcome: TaskOutcome {
        .failure(
            error: "Lambda.\(code)",
            cause:
                "\(message) (Service: AWSLambda; Status Code: \(status); Error Code: \(code); Request ID: \(LambdaTaskRunner.newRequestId()); Proxy: null)"
        )
    }
}
