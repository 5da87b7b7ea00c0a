import Dispatch
import Synchronization

/// Runs store calls on one dedicated serial queue, off the async executors that serve other work; reads
/// may instead run at once on the caller's thread through connections of their own (`readers`).
///
/// `@unchecked Sendable` is safe here: the wrapped store is touched only inside `queue.async` blocks on
/// one serial queue, so no two threads ever use it at once, and it never escapes this type; each reader
/// is used by one caller at a time (see `ReaderPool`).
public final class StoreWorker: @unchecked Sendable {
    private let store: any ExecutionStore
    private let queue = DispatchQueue(label: "stepline.store")
    private let readers: ReaderPool?

    /// `openReader`, when given, opens another connection to the same database for `read`; at most
    /// `maxReaders` are open at once, and a read past them waits its turn on the queue.
    public init(
        _ store: any ExecutionStore, openReader: (@Sendable () throws(StoreError) -> any ExecutionStore)? = nil,
        maxReaders: Int = 4
    ) {
        self.store = store
        self.readers = openReader.map { ReaderPool(open: $0, limit: maxReaders) }
    }

    /// Runs `body` with the store on the store queue and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable (any ExecutionStore) throws(StoreError) -> T) async throws(StoreError)
        -> T
    {
        let result: Result<T, StoreError> = await withCheckedContinuation { cont in
            queue.async {
                do throws(StoreError) {
                    cont.resume(returning: .success(try body(self.store)))
                } catch {
                    cont.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Runs `body`, which only reads, on a reader connection at once on the caller's thread (a read in
    /// SQLite's WAL mode never waits for a writer), or on the store queue when there are no readers or
    /// all are in use. Saves the two thread hand-offs of `run`, which cost more than a small read.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any ExecutionStore) throws(StoreError) -> T) async throws(StoreError)
        -> T
    {
        guard let readers, let reader = readers.take() else { return try await run(body) }
        defer { readers.give(back: reader) }
        return try body(reader.store)
    }
}

/// The reader connections of a `StoreWorker`: opened on first need, up to a limit, each lent to one
/// caller at a time.
final class ReaderPool: Sendable {
    private let open: @Sendable () throws(StoreError) -> any ExecutionStore
    private let limit: Int
    private let state = Mutex<(idle: [Reader], opened: Int)>(([], 0))

    init(open: @escaping @Sendable () throws(StoreError) -> any ExecutionStore, limit: Int) {
        self.open = open
        self.limit = limit
    }

    /// An idle reader, a newly opened one, or nil when `limit` are in use or one cannot be opened.
    func take() -> Reader? {
        let (idle, mayOpen): (Reader?, Bool) = state.withLock { s in
            if let r = s.idle.popLast() { return (r, false) }
            guard s.opened < limit else { return (nil, false) }
            s.opened += 1
            return (nil, true)
        }
        if let idle { return idle }
        guard mayOpen else { return nil }
        do {
            return Reader(store: try open())
        } catch {
            state.withLock { $0.opened -= 1 }
            return nil
        }
    }

    func give(back reader: Reader) {
        state.withLock { $0.idle.append(reader) }
    }
}

/// One reader connection.
///
/// `@unchecked Sendable` is safe here: `ReaderPool` hands a reader to one caller at a time (it is out of
/// the idle list while lent), so its store is never used by two threads at once.
final class Reader: @unchecked Sendable {
    let store: any ExecutionStore
    init(store: any ExecutionStore) { self.store = store }
}
