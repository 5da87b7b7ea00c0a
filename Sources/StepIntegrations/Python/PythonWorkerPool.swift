/// Up to `size` warm workers for one function. A call takes an idle worker (the most recently used
/// one first, so a quiet function keeps reusing the same process), starts one if fewer than `size`
/// are alive, or waits for one to come back. A worker that died or was killed is dropped and replaced
/// by the next call.
actor PythonWorkerPool {
    let launch: PythonLaunch
    let size: Int
    private var idle: [PythonWorker] = []
    private var busy: [Int32: PythonWorker] = [:]
    /// Workers alive or being started, idle or busy.
    private var live = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var nextWaiter = 0
    private var closed = false

    init(launch: PythonLaunch, size: Int) {
        self.launch = launch
        self.size = max(1, size)
    }

    enum AcquireError: Error {
        case cannotStart(SpawnError)
        case cancelled
        case closed
    }

    func acquire() async throws(AcquireError) -> PythonWorker {
        while true {
            if closed { throw .closed }
            if Task.isCancelled { throw .cancelled }
            while let worker = idle.popLast() {
                if worker.isAlive {
                    busy[worker.pid] = worker
                    return worker
                }
                live -= 1
            }
            if live < size {
                live += 1
                let started: Result<PythonWorker, SpawnError>
                do throws(SpawnError) {
                    started = .success(try await PythonWorker.spawn(launch))
                } catch {
                    started = .failure(error)
                }
                switch started {
                case .success(let worker) where closed:
                    worker.retire()
                    live -= 1
                    throw .closed
                case .success(let worker):
                    busy[worker.pid] = worker
                    return worker
                case .failure(let error):
                    live -= 1
                    wakeOne()
                    throw .cannotStart(error)
                }
            }
            try await waitForWorker()
        }
    }

    /// Hands a worker back after a call.
    func release(_ worker: PythonWorker) {
        busy[worker.pid] = nil
        if worker.isAlive && !closed {
            idle.append(worker)
        } else {
            live -= 1
            if !worker.isAlive { worker.terminate() } else { worker.retire() }
        }
        wakeOne()
    }

    /// Ends every worker: idle ones are let go, busy ones killed.
    func shutdown() {
        closed = true
        for worker in idle { worker.retire() }
        for worker in busy.values { worker.terminate() }
        live -= idle.count
        idle.removeAll()
        let waiting = waiters
        waiters.removeAll()
        for w in waiting { w.continuation.resume() }
    }

    /// Ends the idle workers only; for tests and benchmarks that want cold starts.
    func drainIdle() {
        for worker in idle { worker.retire() }
        live -= idle.count
        idle.removeAll()
    }

    var liveCount: Int { live }

    private func waitForWorker() async throws(AcquireError) {
        let id = nextWaiter
        nextWaiter += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                if Task.isCancelled {
                    c.resume()
                } else {
                    waiters.append((id, c))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
        if Task.isCancelled { throw .cancelled }
    }

    private func cancelWaiter(_ id: Int) {
        guard let i = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: i).continuation.resume()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().continuation.resume() }
    }
}
