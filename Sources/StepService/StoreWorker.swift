import Dispatch

/// Runs store calls on one dedicated serial queue, off the async executors that serve other work.
///
/// `@unchecked Sendable` is safe here: the wrapped store is touched only inside `queue.async` blocks on
/// one serial queue, so no two threads ever use it at once, and it never escapes this type.
public final class StoreWorker: @unchecked Sendable {
    private let store: any ExecutionStore
    private let queue = DispatchQueue(label: "stepline.store")

    public init(_ store: any ExecutionStore) { self.store = store }

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
}
