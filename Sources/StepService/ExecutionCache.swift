import StepEngine
import StepLanguage

/// Open executions held in memory (engine state, engine, tasks in flight), and the compiled definitions
/// that executions of one revision share. Executions that only wait on timers are evicted past a limit:
/// they are loaded again from the store when their timer fires.
struct ExecutionCache {
    /// One open execution.
    struct Entry {
        var state: ExecutionState
        var engine: Engine
        /// Tasks running for it in this process: an execution with tasks in flight is never evicted.
        var inFlight: Int = 0
    }

    private var entries: [Int64: Entry] = [:]
    private var machines: [String: StateMachine] = [:]
    /// Executions kept beyond this many are evicted, down to half of it.
    let limit: Int

    init(limit: Int) { self.limit = limit }

    subscript(id: Int64) -> Entry? {
        get { entries[id] }
        set { entries[id] = newValue }
    }

    var count: Int { entries.count }

    /// Parses a definition once and keeps the program: executions of one revision share it.
    mutating func compiled(_ definition: String) throws(DefinitionError) -> StateMachine {
        if let m = machines[definition] { return m }
        let m = try DefinitionParser.parse(definition)
        if machines.count > 256 { machines.removeAll() }
        machines[definition] = m
        return m
    }

    /// Evicts executions with no task in flight and no step `pending` (staged, not committed) until half
    /// the limit is left; nothing while the cache is within its limit.
    mutating func evictIdle(pending: (Int64) -> Bool) {
        guard entries.count > limit else { return }
        for (id, e) in entries where e.inFlight == 0 && !pending(id) {
            entries[id] = nil
            if entries.count <= limit / 2 { break }
        }
    }
}
