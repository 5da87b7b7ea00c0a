/// The outbox of execution status-change events: marked in the transaction that ends an execution,
/// published by the relay, then cleared.
public protocol StatusEventOutbox: AnyObject {
    /// Ended executions whose status-change event is not yet published, oldest first.
    func pendingStatusEvents(limit: Int) throws(StoreError) -> [ExecutionRecord]
    /// Clears the pending status-change events of these executions.
    func statusEventsPublished(_ ids: [Int64]) throws(StoreError)
}
