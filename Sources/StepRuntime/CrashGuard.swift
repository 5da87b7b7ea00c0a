import CCrashGuard
import Foundation

/// Which execution each thread is stepping, so that a crash (a signal: a stack overflow, a trap) names the
/// execution that caused it in a journal beside the database. The next start reads the journal and fails
/// those executions alone (StepServe's `Daemon`), instead of stepping them again into the same crash on every
/// restart. Cheap enough for the hot path: entering copies the ARN into a per-thread buffer.
public enum CrashGuard {
    /// Starts journaling crashes into `path`; false if it cannot.
    public static func install(journal path: String) -> Bool {
        stepline_crash_guard_install(path) == 0
    }

    /// Runs `body` as work on `name` (an execution's ARN): a crash inside it is journaled under that name.
    @inline(__always)
    public static func during<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        enter(name)
        defer { stepline_crash_guard_leave() }
        if let prefix = overflowPrefix, name.contains(":" + prefix) { _ = recurse(1) }
        return try body()
    }

    static func enter(_ name: String) {
        var name = name
        name.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { stepline_crash_guard_enter($0.baseAddress, $0.count) }
        }
    }

    /// The names in the journal at `path`, once each and in order, and the journal removed.
    public static func takeJournal(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        unlink(path)
        var seen = Set<String>()
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// A test's way to crash inside the guard (`STEPLINE_FAULT_INJECTION=stack-overflow:PREFIX` makes every
    /// step of an execution whose name starts with PREFIX overflow the stack): the journal and the next
    /// start's isolation are then tested against a real crash. Off unless that variable is set.
    static let overflowPrefix: String? = {
        guard let spec = ProcessInfo.processInfo.environment["STEPLINE_FAULT_INJECTION"], spec.hasPrefix("stack-overflow:")
        else { return nil }
        return String(spec.dropFirst("stack-overflow:".count))
    }()

    @inline(never)
    static func recurse(_ depth: Int) -> Int {
        if depth == Int.max { return 0 }
        var frame = [Int](repeating: depth, count: 4)  // a frame the optimizer cannot fold into a loop
        frame[0] = recurse(depth + 1)
        return frame.reduce(0, &+)
    }
}
