/// The names and ARNs of a map run's children, derived from the map run's ARN
/// (`arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:UUID`) as AWS shapes them.
public struct ChildNames: Sendable {
    public let region: String
    public let account: String
    /// `MACHINE/LABEL`.
    public let machine: String
    public let runId: String
    public let express: Bool

    public init(mapRunArn: String, executionType: String) {
        let parts = mapRunArn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        region = parts.count > 3 ? parts[3] : "us-east-1"
        account = parts.count > 4 ? parts[4] : "111111111111"
        machine = parts.count > 6 ? parts[6] : "map"
        runId = parts.count > 7 ? parts[7] : mapRunArn
        express = executionType == "EXPRESS"
    }

    public var stateMachineArn: String { "arn:aws:states:\(region):\(account):stateMachine:\(machine)" }

    /// A stable, UUID-shaped name for the child at `index`.
    public func name(_ index: Int) -> String {
        var h1: UInt64 = 0xcbf2_9ce4_8422_2325
        var h2: UInt64 = 0x9e37_79b9_7f4a_7c15
        for b in runId.utf8 {
            h1 = (h1 ^ UInt64(b)) &* 0x100_0000_01b3
            h2 = (h2 ^ UInt64(b)) &* 0x100_0000_01b3
        }
        h1 = (h1 ^ UInt64(truncatingIfNeeded: index)) &* 0x100_0000_01b3
        h2 = (h2 ^ (UInt64(truncatingIfNeeded: index) &* 0x9e37_79b9)) &* 0x100_0000_01b3
        h1 ^= h1 >> 29
        h2 ^= h2 >> 31
        let hex = Self.hex(h1) + Self.hex(h2)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-a" + String(c[17..<20]) + "-"
            + String(c[20..<32])
    }

    public func executionArn(_ name: String) -> String {
        express
            ? "arn:aws:states:\(region):\(account):express:\(machine):\(name):\(name)"
            : "arn:aws:states:\(region):\(account):execution:\(machine):\(name)"
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
