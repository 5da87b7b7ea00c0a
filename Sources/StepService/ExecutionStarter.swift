import Foundation
import StepEngine
import StepJSON
import StepLanguage

/// Resolves a state machine reference (name, ARN, version, alias) and creates the execution.
public enum ExecutionStarter {
    public static func start(
        in s: any ExecutionStore, stateMachine reference: String, name: String?, input: String, now: Timestamp
    ) throws(StoreError) -> ExecutionRecord {
        var smName = reference
        var qualifier: String?
        if reference.hasPrefix("arn:") {
            // `…:stateMachine:NAME[:QUALIFIER]`: the name and qualifier after the resource type, whatever it is.
            let c = ARN(parsing: reference)?.resourceComponents ?? []
            guard let first = c.first else { throw StoreError(.invalidArn, "Invalid Arn: '\(reference)'") }
            smName = first
            if c.count >= 2 { qualifier = c[1] }
        } else if let colon = reference.firstIndex(of: ":") {
            smName = String(reference[..<colon])
            qualifier = String(reference[reference.index(after: colon)...])
        }
        guard let sm = try s.stateMachine(name: smName) else {
            throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(reference)'")
        }
        var version: Int?
        var aliasName: String?
        if let q = qualifier {
            if let v = Int(q) {
                version = v
            } else if let alias = try s.alias(stateMachine: smName, name: q) {
                aliasName = q
                var roll = Int.random(in: 0..<100)
                for r in alias.routing {
                    if roll < r.weight {
                        version = r.version
                        break
                    }
                    roll -= r.weight
                }
                version = version ?? alias.routing.first?.version
            } else {
                throw StoreError(.resourceNotFound, "Alias or version '\(q)' of \(smName) does not exist")
            }
        }
        guard input.utf8.count <= 262_144 else {
            throw StoreError(.invalidExecutionInput, "The input is larger than the 262144-byte (256 KiB) limit")
        }
        var g = SplitMix64(seed: UInt64.random(in: 0...UInt64.max))
        let executionName = name ?? g.uuid()
        let kind = sm.type == .express ? "express" : "execution"
        let arnBase = sm.arn.replacingOccurrences(of: ":stateMachine:", with: ":\(kind):")
        let new = NewExecution(
            arn: sm.type == .express ? "\(arnBase):\(executionName):\(g.uuid())" : "\(arnBase):\(executionName)",
            name: executionName, stateMachine: smName, stateMachineArn: sm.arn,
            version: version, type: sm.type, input: input, startDate: now, alias: aliasName)
        return try s.createExecution(new).record
    }
}
