/// How a transaction begins: when it takes the database's write lock.
public enum SQLiteTransactionKind: String, Sendable, Equatable {
    /// `BEGIN DEFERRED`: the lock is taken by the first write. A read that turns into a write can then fail
    /// with busy without waiting, so writers should not use it.
    case deferred = "BEGIN DEFERRED"
    /// `BEGIN IMMEDIATE`: the write lock is taken at once (waiting up to the busy timeout), so the writes
    /// inside cannot fail with busy. The one for writers.
    case immediate = "BEGIN IMMEDIATE"
    /// `BEGIN EXCLUSIVE`: in WAL mode the same as immediate.
    case exclusive = "BEGIN EXCLUSIVE"
}
