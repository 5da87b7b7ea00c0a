/// The store port: everything about state machines and executions that must survive a crash, as the
/// narrower ports its callers need. An adapter (SQLite, the in-memory twin in `StepTesting`, a later
/// PostgreSQL one) implements all of them; `Tests/StepStoreTests` runs one shared suite per port on each.
///
/// Calls are synchronous and may block on I/O; the service calls them from its own store thread,
/// never from an async executor that serves other work. An implementation is safe to call from one
/// thread at a time per instance; separate processes may share the same underlying database.
public protocol ExecutionStore:
    StateMachineStore, TagStore, ExecutionHistoryStore, ControlRequestStore, StatusEventOutbox, ServiceLease,
    ActivityStore, MapRunStore
{}
