import StepJSON
import StepService

/// An error answer of the API, as AWS's services write it: the error code (`ExecutionDoesNotExist`,
/// `ResourceNotFoundException`, …), a message and the HTTP status.
public struct APIError: Error, Sendable, Equatable {
    public var code: String
    public var message: String
    public var status: Int

    public init(_ code: String, _ message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// A request that breaks a parameter's constraint.
    public static func validation(_ message: String) -> APIError { APIError("ValidationException", message) }

    /// The store's refusal under its AWS name; a storage failure is the service's own (HTTP 500).
    public init(_ e: StoreError) {
        if e.isStorageFailure {
            self.init("InternalFailure", e.message, status: 500)
        } else if e.code == .constraint {
            self.init("InternalFailure", e.message, status: 500)
        } else {
            self.init(e.code.rawValue, e.message)
        }
    }
}

/// A response: status, headers and body bytes, whatever the transport.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body with AWS's JSON-protocol content type.
    public static func json(_ value: JSON, status: Int = 200, contentType: String = "application/x-amz-json-1.0")
        -> APIResponse
    {
        APIResponse(status: status, headers: [("Content-Type", contentType)], body: Array(value.serialized().utf8))
    }

    /// The same response with one more header.
    public func withHeader(_ name: String, _ value: String) -> APIResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
