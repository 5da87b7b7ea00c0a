import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import Synchronization

/// The store port in memory, for tests: the answers `SQLiteExecutionStore` gives (orders, errors, row ids,
/// timestamps kept to the millisecond, column defaults) without a database file. One instance may be shared
/// by several users, like several connections to one SQLite file: every call takes the lock once, so each is
/// atomic as one SQLite transaction is (a `commit` that fails changes nothing).
public final class InMemoryExecutionStore: ExecutionStore, Sendable {
    let state = Mutex(State())
    let region: String
    let account: String

    /// An empty store whose ARNs name `region` and `account`, as `SQLiteExecutionStore`'s do.
    public init(region: String = "us-east-1", account: String = "111111111111") {
        self.region = region
        self.account = account
    }

    var arnPrefix: String { "arn:aws:states:\(region):\(account)" }

    /// Changes the state under the lock.
    func update(_ body: (inout State) -> Void) { state.withLock { body(&$0) } }
}
