import Foundation
import Testing

@testable import StepSettings

/// Seeded random configuration files: the reader and the checker answer with a value or problems, never
/// a crash. `STEPLINE_FUZZ_ITERATIONS` runs more (scripts/fuzz does).
@Suite struct ConfigFuzzTests {
    static var iterations: Int { Int(ProcessInfo.processInfo.environment["STEPLINE_FUZZ_ITERATIONS"] ?? "") ?? 1500 }

    /// SplitMix64, so that a failure names a seed that reproduces it.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
    }

    static let pieces = [
        "db: x.db\n", "api: 127.0.0.1:8083\n", "worker:\n  concurrency: ", "eight", "8", "-1", "\n", "  ", "log: {level: debug}",
        "rules:\n  - name: r\n    eventPattern: {source: [a]}\n", "[", "]", "{", "}", ":", "- ", "\"", "'", "&a ", "*a", "!!str ", "#",
        "\t", "? ", "|\n", ">\n", "%YAML 1.2\n", "---\n", "...\n", "0x1F", "1e999", "~", "null", "true", "\u{FEFF}", "\\u0000",
        "functions: {f: handler.py}\n", "queues: {start: q}\n", "amqpURLFile: /nonexistent\n", "é", "🙂",
    ]

    @Test func randomFilesNeverCrashTheReaderOrTheChecker() {
        for seed in 0..<UInt64(Self.iterations) {
            var rng = Rng(state: seed)
            var text = ""
            for _ in 0..<(1 + Int(rng.next() % 24)) { text += rng.pick(Self.pieces) }
            do {
                let doc = try ConfigDocument.parse(text, path: "fuzz-\(seed).yaml")
                _ = ConfigChecker.problems(in: doc)
            } catch {
                #expect(!error.problems.isEmpty, "seed \(seed): an error with no problem in it")
            }
        }
    }

    @Test func deeplyNestedYAMLIsAnErrorOrAValue() {
        for text in [
            String(repeating: "[", count: 5000), String(repeating: "- ", count: 5000) + "x", String(repeating: "{a: ", count: 3000),
        ] {
            do {
                _ = try ConfigDocument.parse(text, path: "deep.yaml")
            } catch {
                #expect(!error.problems.isEmpty)
            }
        }
    }
}
