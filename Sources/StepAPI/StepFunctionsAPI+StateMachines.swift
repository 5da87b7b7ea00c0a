import Foundation
import StepJSON
import StepLanguage
import StepRuntime
import StepService

/// CreateStateMachine, DescribeStateMachine, UpdateStateMachine, DeleteStateMachine, ListStateMachines and
/// ValidateStateMachineDefinition.
extension StepFunctionsAPI {
    func createStateMachine(_ r: RequestFields) async throws(APIError) -> JSON {
        let name = try r.string("name")
        let definition = try r.string("definition")
        let type = try Self.machineType(r.optionalString("type"))
        let roleArn = try r.optionalString("roleArn")
        let level = try Self.loggingLevel(r)
        let publish = try r.bool("publish") ?? false
        let versionDescription = try r.optionalString("versionDescription")
        let tags = try Self.tagList(r["tags"])
        guard ResourceName.isValid(name) else { throw APIError("InvalidName", "Invalid Name: '\(name)'") }
        try Self.checkVersionDescription(versionDescription, publish: publish)
        try Self.checkDefinition(definition, type: type)
        let now = WallClock.now()
        return try await call { (s) throws(StoreError) -> JSON in
            if let existing = try s.stateMachine(name: name) {
                // The same request again answers with the machine it made; anything else is a conflict.
                guard existing.definition == definition, existing.type == type, existing.roleArn == roleArn else {
                    throw StoreError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(existing.arn)'")
                }
                return ["stateMachineArn": .string(existing.arn), "creationDate": .string(existing.created.iso8601)]
            }
            let record = try s.upsertStateMachine(name: name, definition: definition, type: type, loggingLevel: level, now: now)
            try s.setRoleArn(stateMachine: name, roleArn: roleArn)
            if !tags.isEmpty { try s.tagResource(record.arn, tags: tags) }
            var o: JSONObject = ["stateMachineArn": .string(record.arn), "creationDate": .string(record.created.iso8601)]
            if publish {
                let v = try s.publishVersion(stateMachine: name, description: versionDescription, now: now)
                o["stateMachineVersionArn"] = .string(v.arn)
            }
            return .object(o)
        }
    }

    func describeStateMachine(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineArn")
        let arn = try ResourceArn.stateMachine(arnText)
        return try await read { (s) throws(StoreError) -> JSON in
            guard let sm = try s.stateMachine(name: arn.name) else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
            }
            var o = Self.description(of: sm)
            if let q = arn.qualifier {
                guard let number = arn.version, let v = try s.version(stateMachine: arn.name, number: number) else {
                    throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
                }
                o["stateMachineArn"] = .string(v.arn)
                o["definition"] = .string(v.definition)
                o["creationDate"] = .string(v.created.iso8601)
                if let d = v.description { o["description"] = .string(d) }
                _ = q
            }
            return .object(o)
        }
    }

    func updateStateMachine(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineArn")
        let arn = try ResourceArn.stateMachine(arnText)
        guard arn.qualifier == nil else {
            throw APIError("StateMachineDoesNotExist", "State Machine Does Not Exist: '\(arnText)'")
        }
        let definition = try r.optionalString("definition")
        let roleArn = try r.optionalString("roleArn")
        let level: String? = r["loggingConfiguration"] == nil ? nil : try Self.loggingLevel(r)
        let publish = try r.bool("publish") ?? false
        let versionDescription = try r.optionalString("versionDescription")
        guard definition != nil || roleArn != nil || level != nil || r["tracingConfiguration"] != nil else {
            throw APIError(
                "MissingRequiredParameter",
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")
        }
        try Self.checkVersionDescription(versionDescription, publish: publish)
        let now = WallClock.now()
        let current = try await read { (s) throws(StoreError) -> StateMachineRecord in
            guard let sm = try s.stateMachine(name: arn.name) else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
            }
            return sm
        }
        if let definition { try Self.checkDefinition(definition, type: current.type) }
        return try await call { (s) throws(StoreError) -> JSON in
            guard let sm = try s.stateMachine(name: arn.name) else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
            }
            var updated = try s.upsertStateMachine(
                name: sm.name, definition: definition ?? sm.definition, type: sm.type,
                loggingLevel: level ?? sm.loggingLevel, now: now)
            let roleChanged = roleArn != nil && roleArn != sm.roleArn
            if let roleArn { try s.setRoleArn(stateMachine: sm.name, roleArn: roleArn) }
            // A new role starts a revision too, as on AWS.
            if updated.revision == sm.revision && roleChanged {
                updated = try s.newRevision(stateMachine: sm.name, now: now)
            }
            var o: JSONObject = ["updateDate": .string(updated.updated.iso8601)]
            if let id = Self.revisionId(updated) { o["revisionId"] = .string(id) }
            if publish {
                let v = try s.publishVersion(stateMachine: sm.name, description: versionDescription, now: now)
                o["stateMachineVersionArn"] = .string(v.arn)
            }
            return .object(o)
        }
    }

    func deleteStateMachine(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try ResourceArn.stateMachine(try r.string("stateMachineArn"))
        try await call { (s) throws(StoreError) in
            if let q = arn.qualifier {
                // A version or alias ARN deletes just that, as DeleteStateMachineVersion/Alias would.
                if let number = arn.version {
                    try s.deleteVersion(stateMachine: arn.name, number: number)
                } else {
                    try s.deleteAlias(stateMachine: arn.name, name: q)
                }
                return
            }
            try s.deleteStateMachine(name: arn.name)
        }
        return .object(JSONObject())
    }

    func listStateMachines(_ r: RequestFields) async throws(APIError) -> JSON {
        let page = try Page(r)
        let all = try await read { (s) throws(StoreError) in try s.listStateMachines() }
        return page.answer("stateMachines", all) {
            [
                "stateMachineArn": .string($0.arn), "name": .string($0.name), "type": .string($0.type.rawValue),
                "creationDate": .string($0.created.iso8601),
            ]
        }
    }

    func validateDefinition(_ r: RequestFields) throws(APIError) -> JSON {
        let definition = try r.string("definition")
        let type = try Self.machineType(r.optionalString("type"))
        try Self.checkDefinitionSize(definition)
        if definition.allSatisfy(\.isWhitespace) {
            return [
                "result": "FAIL", "truncated": false,
                "diagnostics": [
                    ["severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": "Definition must be a valid JSON object"]
                ],
            ]
        }
        do {
            _ = try DefinitionParser.parse(definition)
            let express = type == .express ? ExpressRules.problems((try? JSON(parsing: definition)) ?? .null) : []
            if !express.isEmpty {
                let diagnostics = express.map { p -> JSON in
                    [
                        "severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
                        "message": .string(p.message), "location": .string(p.location),
                    ]
                }
                return ["result": "FAIL", "diagnostics": .array(diagnostics), "truncated": false]
            }
            return ["result": "OK", "diagnostics": .array([]), "truncated": false]
        } catch {
            let diagnostics = error.diagnostics.map { d -> JSON in
                [
                    "severity": "ERROR", "code": .string(d.code.rawValue), "message": .string(d.message),
                    "location": .string(d.location),
                ]
            }
            return ["result": "FAIL", "diagnostics": .array(diagnostics), "truncated": false]
        }
    }

    // MARK: - Shared

    /// DescribeStateMachine's answer for the latest revision.
    static func description(of sm: StateMachineRecord) -> JSONObject {
        var o: JSONObject = [
            "stateMachineArn": .string(sm.arn), "name": .string(sm.name), "status": "ACTIVE",
            "definition": .string(sm.definition), "type": .string(sm.type.rawValue),
            "creationDate": .string(sm.created.iso8601),
            "loggingConfiguration": ["level": .string(sm.loggingLevel), "includeExecutionData": false],
            "tracingConfiguration": ["enabled": false],
        ]
        if let id = revisionId(sm) { o["revisionId"] = .string(id) }
        o["roleArn"] = .string(sm.roleArn ?? "")
        return o
    }

    /// AWS's revision id: none until the first update, then a UUID per revision.
    static func revisionId(_ sm: StateMachineRecord) -> String? {
        sm.revision <= 1 ? nil : StableName.uuid("\(sm.arn)#revision-\(sm.revision)")
    }

    static func checkVersionDescription(_ description: String?, publish: Bool) throws(APIError) {
        if description != nil && !publish {
            throw APIError.validation("Version description can only be set when publish is true")
        }
    }

    static func machineType(_ text: String?) throws(APIError) -> StateMachineType {
        guard let text else { return .standard }
        guard let type = StateMachineType(rawValue: text) else {
            throw APIError.validation(
                "1 validation error detected: Value '\(text)' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]"
            )
        }
        return type
    }

    static func loggingLevel(_ r: RequestFields) throws(APIError) -> String {
        guard case .object(let c)? = r["loggingConfiguration"] else { return "OFF" }
        guard let level = c["level"]?.stringValue else { return "OFF" }
        guard ["ALL", "ERROR", "FATAL", "OFF"].contains(level) else {
            throw APIError.validation(
                "1 validation error detected: Value '\(level)' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]"
            )
        }
        return level
    }

    /// `InvalidDefinition` with AWS's wording, every problem with its location; an Express machine may not
    /// wait (`.sync`, `.waitForTaskToken`, activities).
    static func checkDefinition(_ text: String, type: StateMachineType = .standard) throws(APIError) {
        try checkDefinitionSize(text)
        do {
            _ = try DefinitionParser.parse(text)
            if type == .express, let first = ExpressRules.problems((try? JSON(parsing: text)) ?? .null).first {
                throw APIError(
                    "InvalidDefinition",
                    "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: \(first.message) at \(first.location)'")
            }
        } catch let e as APIError {
            throw e
        } catch let e as DefinitionError {
            let problems = e.diagnostics.map { "\($0.code.rawValue): \($0.message) at \($0.location)" }
            throw APIError("InvalidDefinition", "Invalid State Machine Definition: '\(problems.joined(separator: ", "))'")
        } catch {
            throw APIError("InvalidDefinition", "Invalid State Machine Definition: '\(error)'")
        }
    }

    /// AWS's limit on a definition: 1 MiB (1,048,576 characters), checked before anything parses it.
    static let definitionLimit = 1_048_576

    static func checkDefinitionSize(_ text: String) throws(APIError) {
        guard text.utf16.count <= definitionLimit else {
            throw APIError(
                "ValidationException",
                "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to \(definitionLimit)"
            )
        }
    }
}
