import Foundation
import StepJSON
import Synchronization

/// The workers the daemon has heard from (their answers and their heartbeats on the result queue), for
/// `stepline status`.
public final class WorkerRoster: Sendable {
    /// One worker as last heard.
    public struct Sighting: Sendable, Equatable {
        public var name: String
        public var lastSeen: Date
        public var jobsInFlight: Int
        public var concurrency: Int
        public var answers: Int
    }

    /// The header naming the worker on each answer and heartbeat.
    public static let workerHeader = "x-stepline-worker"
    /// The header that marks a heartbeat (its body: `{"worker", "jobsInFlight", "concurrency"}`).
    public static let heartbeatHeader = "x-stepline-heartbeat"

    let sightings = Mutex<[String: Sighting]>([:])

    public init() {}

    func answered(by name: String) {
        sightings.withLock { s in
            var w = s[name] ?? Sighting(name: name, lastSeen: Date(), jobsInFlight: 0, concurrency: 0, answers: 0)
            w.lastSeen = Date()
            w.answers += 1
            s[name] = w
        }
    }

    func heartbeat(_ body: [UInt8]) {
        guard let json = try? JSON(parsing: body), let name = json["worker"]?.stringValue else { return }
        sightings.withLock { s in
            var w = s[name] ?? Sighting(name: name, lastSeen: Date(), jobsInFlight: 0, concurrency: 0, answers: 0)
            w.lastSeen = Date()
            w.jobsInFlight = json["jobsInFlight"]?.intValue ?? 0
            w.concurrency = json["concurrency"]?.intValue ?? 0
            s[name] = w
        }
    }

    /// Workers heard from within `window`, by name.
    public func recent(within window: TimeInterval = 60) -> [Sighting] {
        let since = Date().addingTimeInterval(-window)
        return sightings.withLock { Array($0.values) }.filter { $0.lastSeen >= since }.sorted { $0.name < $1.name }
    }
}
