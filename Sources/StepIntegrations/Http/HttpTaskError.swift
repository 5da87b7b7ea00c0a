import StepLanguage
import StepRuntime

/// Why an HTTP Task failed, with the error name Step Functions gives it:
/// - `States.Http.StatusCode.<code>` for an answer outside 2xx (the cause is the response document);
/// - `States.Http.Socket` when no answer came: the call timed out (AWS's limit is 60 seconds), the
///   connection was refused or dropped, or the host could not be resolved;
/// - `States.Runtime` for parameters that cannot make a request, and for answers Step Functions does not
///   accept (binary content types);
/// - `States.DataLimitExceeded` for a response body longer than the 256 KiB a task result can hold
///   (`HttpClient.maxBodyBytes`).
struct HttpTaskError: Error, Sendable, Equatable {
    var error: String
    var cause: String

    static let socketName = "States.Http.Socket"

    static func statusCodeName(_ code: Int) -> String { "States.Http.StatusCode.\(code)" }

    static func runtime(_ cause: String) -> HttpTaskError {
        HttpTaskError(error: StatesErrorName.runtime, cause: cause)
    }

    static func socket(_ cause: String) -> HttpTaskError {
        HttpTaskError(error: socketName, cause: cause)
    }

    static func tooLarge(_ cause: String) -> HttpTaskError {
        HttpTaskError(error: StatesErrorName.dataLimitExceeded, cause: cause)
    }

    var outcome: TaskOutcome { .failure(error: error, cause: cause) }
}
