import NIOCore

/// A task executor that runs jobs on one SwiftNIO event loop.
///
/// A connection's handler runs with this preference for its own channel's loop, so reading the request,
/// answering it and writing the response stay on the thread that owns the socket: no hand-off to the
/// cooperative pool and back for every request (two thread wake-ups that cost more than the request).
final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
