import Foundation

#if canImport(Glibc)
    import Glibc

    /// glibc's `pthread_getattr_np` (a GNU extension the Glibc module does not export). Test-only: it reads the
    /// stack bounds of the measuring thread; no production code binds C this way.
    @_silgen_name("pthread_getattr_np")
    private func gnuGetattr(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#elseif canImport(Darwin)
    import Darwin
#endif

/// The smallest stack a Swift task or secondary thread may get (Darwin's default for secondary threads).
let smallStack = 512 * 1024

/// A closure to run on a thread of its own, and what it gave. `@unchecked Sendable` is safe: the spawned thread
/// writes `used` and the result, and the caller reads them only after `pthread_join`, which orders the accesses.
class AnySmallStackJob: @unchecked Sendable {
    var used = 0
    func run() {}
}

/// The typed job (same ownership rule as its base: written by the thread, read after the join).
private final class SmallStackJob<T>: AnySmallStackJob, @unchecked Sendable {
    let body: () -> T
    var result: T?
    init(_ body: @escaping () -> T) { self.body = body }
    override func run() { result = body() }
}

/// Runs `body` on a new thread with a `stackSize`-byte stack, waits for it, and returns its result with how many
/// bytes of that stack it used (the high-water mark: the stack is painted before `body` runs).
func onSmallStack<T>(_ stackSize: Int = smallStack, _ body: @escaping () -> T) -> (result: T, stackUsed: Int) {
    let job = SmallStackJob(body)
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    pthread_attr_setstacksize(&attr, stackSize)
    #if canImport(Glibc)
        var thread = pthread_t()
    #else
        var thread: pthread_t?
    #endif
    let rc = pthread_create(
        &thread, &attr,
        { raw in
            guard let raw else { return nil }
            let job = Unmanaged<AnySmallStackJob>.fromOpaque(raw).takeUnretainedValue()
            let (low, size, top) = paintStack()
            job.run()
            // From the top of the thread's stack (glibc keeps the thread's descriptor and TLS there) to the deepest
            // byte written.
            job.used = low + size - firstTouched(from: low, below: top)
            return nil
        }, Unmanaged.passUnretained(job as AnySmallStackJob).toOpaque())
    pthread_attr_destroy(&attr)
    precondition(rc == 0, "pthread_create failed")
    #if canImport(Glibc)
        pthread_join(thread, nil)
    #else
        if let thread { pthread_join(thread, nil) }
    #endif
    guard let result = job.result else { preconditionFailure("the thread did not run") }
    return (result, job.used)
}

private let paint: UInt8 = 0xA5
/// Bytes left unpainted below the painting frame, for the frames of `memset` and the calls around it.
private let unpainted = 16 * 1024

/// Fills the unused part of this thread's stack with `paint`; returns its lowest address, its size and the
/// address where painting stopped.
@inline(never)
private func paintStack() -> (low: Int, size: Int, top: Int) {
    var marker: UInt8 = 0
    let sp = withUnsafeMutablePointer(to: &marker) { Int(bitPattern: $0) }
    var low = 0
    var size = 0
    #if canImport(Glibc)
        var attr = pthread_attr_t()
        if gnuGetattr(pthread_self(), &attr) == 0 {
            var addr: UnsafeMutableRawPointer?
            pthread_attr_getstack(&attr, &addr, &size)
            low = Int(bitPattern: addr)
            pthread_attr_destroy(&attr)
        }
    #else
        size = Int(pthread_get_stacksize_np(pthread_self()))
        low = Int(bitPattern: pthread_get_stackaddr_np(pthread_self())) - size
    #endif
    let top = sp - unpainted
    if low > 0, let p = UnsafeMutableRawPointer(bitPattern: low), top > low { memset(p, Int32(paint), top - low) }
    return (low, size, top)
}

/// The lowest address below `top` whose paint was overwritten (`top` when none was).
private func firstTouched(from low: Int, below top: Int) -> Int {
    guard low > 0, let p = UnsafePointer<UInt8>(bitPattern: low) else { return top }
    var i = 0
    while low + i < top, p[i] == paint { i += 1 }
    return low + i
}
