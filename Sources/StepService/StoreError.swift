/// A failure of the store, with AWS's error name where one applies (`ExecutionAlreadyExists`,
/// `StateMachineDoesNotExist`, …) or the storage problem (locked, read-only, corrupt, full disk).
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        case executionAlreadyExists = "ExecutionAlreadyExists"
        case executionDoesNotExist = "ExecutionDoesNotExist"
        case stateMachineDoesNotExist = "StateMachineDoesNotExist"
        case stateMachineAlreadyExists = "StateMachineAlreadyExists"
        case activityDoesNotExist = "ActivityDoesNotExist"
        case invalidName = "InvalidName"
        case resourceNotFound = "ResourceNotFound"
        case invalidDefinition = "InvalidDefinition"
        case invalidArn = "InvalidArn"
        case validation = "ValidationException"
        case executionNotRedrivable = "ExecutionNotRedrivable"
        case invalidExecutionInput = "InvalidExecutionInput"
        case taskTimedOut = "TaskTimedOut"
        case invalidToken = "InvalidToken"
        case invalidOutput = "InvalidOutput"
        case conflict = "ConflictException"
        case tooManyTags = "TooManyTags"
        case stateMachineTypeNotSupported = "StateMachineTypeNotSupported"
        case locked = "DatabaseLocked"
        case readOnly = "DatabaseReadOnly"
        case corrupt = "DatabaseCorrupt"
        case diskFull = "DiskFull"
        case storage = "StorageError"
        /// A write contradicts what is stored (a uniqueness rule): a bug, never fixed by retrying.
        case constraint = "ConstraintViolation"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// AWS's answer to a callback whose token no task waits for: `TaskTimedOut` for a token it may have
    /// issued (the task has ended), `InvalidToken` for one it cannot have.
    public static func unknownToken(_ token: String) -> StoreError {
        let looksLikeToken = token.count >= 16 && token.count <= 1024
        return looksLikeToken
            ? StoreError(.taskTimedOut, "Task Timed Out: '\(token)'") : StoreError(.invalidToken, "Invalid Token: '\(token)'")
    }

    /// Whether the problem is the storage itself rather than the request.
    public var isStorageFailure: Bool {
        switch code {
        case .locked, .readOnly, .corrupt, .diskFull, .storage: return true
        default: return false
        }
    }
}
