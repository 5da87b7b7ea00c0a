import Foundation
import StepAPI
import StepJSON
import StepService
import StepStore

/// A fresh database file (and functions folder) in a temporary directory, removed when the test ends,
/// with the Step Functions API over it.
final class APIFixture {
    let directory: String
    let api: StepFunctionsAPI
    let store: SQLiteExecutionStore

    init() throws {
        directory = NSTemporaryDirectory() + "stepline-api-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try SQLiteExecutionStore(path: directory + "/stepline.db")
        api = StepFunctionsAPI(store: StoreWorker(try SQLiteExecutionStore(path: directory + "/stepline.db")), activityWaitSeconds: 0.2)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Calls an action; the status and the parsed body.
    func call(_ action: String, _ request: JSON) async -> (status: Int, body: JSON) {
        let r = await api.handle(target: "AWSStepFunctions.\(action)", body: Array(request.serialized().utf8))
        return (r.status, (try? JSON(parsing: r.body)) ?? .null)
    }

    /// The error code of a failed call (`__type` after `#`), or nil when it succeeded.
    func errorCode(_ action: String, _ request: JSON) async -> String? {
        let (status, body) = await call(action, request)
        guard status != 200, let type = body["__type"]?.stringValue else { return nil }
        return type.split(separator: "#").last.map(String.init)
    }
}

let passDefinition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}"#
let role = "arn:aws:iam::111111111111:role/stepline"
