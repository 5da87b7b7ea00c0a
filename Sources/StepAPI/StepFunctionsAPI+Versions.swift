import StepJSON
import StepLanguage
import StepRuntime
import StepService

/// Versions and aliases: PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion,
/// CreateStateMachineAlias, UpdateStateMachineAlias, DescribeStateMachineAlias, ListStateMachineAliases
/// and DeleteStateMachineAlias.
extension StepFunctionsAPI {
    func publishVersion(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineArn")
        let arn = try ResourceArn.stateMachine(arnText)
        let description = try r.optionalString("description")
        let revisionId = try r.optionalString("revisionId")
        let now = WallClock.now()
        return try await call { (s) throws(StoreError) -> JSON in
            guard let sm = try s.stateMachine(name: arn.name), arn.qualifier == nil else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
            }
            if let revisionId, revisionId != Self.revisionId(sm) {
                throw StoreError(
                    .conflict,
                    "Failed to publish the State Machine version for revision \(revisionId). The current State Machine revision is \(Self.revisionId(sm) ?? "")."
                )
            }
            let v = try s.publishVersion(stateMachine: arn.name, description: description, now: now)
            return ["stateMachineVersionArn": .string(v.arn), "creationDate": .string(v.created.iso8601)]
        }
    }

    func listVersions(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineArn")
        let arn = try ResourceArn.stateMachine(arnText)
        let page = try Page(r)
        let all = try await read { (s) throws(StoreError) -> [VersionRecord] in
            guard try s.stateMachine(name: arn.name) != nil else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
            }
            return try s.listVersions(stateMachine: arn.name)
        }
        return page.answer("stateMachineVersions", all) {
            ["stateMachineVersionArn": .string($0.arn), "creationDate": .string($0.created.iso8601)]
        }
    }

    func deleteVersion(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineVersionArn")
        let arn = try ResourceArn.stateMachine(arnText)
        guard let number = arn.version else { throw APIError("InvalidArn", "Invalid Arn: '\(arnText)'") }
        try await call { (s) throws(StoreError) in try s.deleteVersion(stateMachine: arn.name, number: number) }
        return .object(JSONObject())
    }

    func createAlias(_ r: RequestFields) async throws(APIError) -> JSON {
        let name = try r.string("name")
        let description = try r.optionalString("description")
        let (machine, routing) = try Self.routing(r)
        try Self.checkAliasName(name)
        let now = WallClock.now()
        return try await call { (s) throws(StoreError) -> JSON in
            if let existing = try s.alias(stateMachine: machine, name: name) {
                // The same request again answers with the same alias; anything else is a conflict.
                guard existing.routing == routing, existing.description == description else {
                    throw StoreError(
                        .conflict,
                        "Failed to create alias because an alias with the same name and a different routing configuration already exists."
                    )
                }
                return ["stateMachineAliasArn": .string(existing.arn), "creationDate": .string(existing.created.iso8601)]
            }
            let a = try s.createAlias(stateMachine: machine, name: name, routing: routing, description: description, now: now)
            return ["stateMachineAliasArn": .string(a.arn), "creationDate": .string(a.created.iso8601)]
        }
    }

    func updateAlias(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineAliasArn")
        let arn = try ResourceArn.stateMachine(arnText)
        guard let aliasName = arn.qualifier, arn.version == nil else { throw APIError("InvalidArn", "Invalid Arn: '\(arnText)'") }
        let description = try r.optionalString("description")
        let newRouting = r["routingConfiguration"] == nil ? nil : try Self.routing(r)
        let now = WallClock.now()
        return try await call { (s) throws(StoreError) -> JSON in
            guard let existing = try s.alias(stateMachine: arn.name, name: aliasName) else {
                throw StoreError(.resourceNotFound, "Request references a resource that does not exist.")
            }
            let routing = newRouting?.1 ?? existing.routing
            _ = try s.createAlias(
                stateMachine: arn.name, name: aliasName, routing: routing, description: description ?? existing.description,
                now: now)
            return ["updateDate": .string(now.iso8601)]
        }
    }

    func describeAlias(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineAliasArn")
        let arn = try ResourceArn.stateMachine(arnText)
        guard let aliasName = arn.qualifier, arn.version == nil else { throw APIError("InvalidArn", "Invalid Arn: '\(arnText)'") }
        return try await read { (s) throws(StoreError) -> JSON in
            guard let a = try s.alias(stateMachine: arn.name, name: aliasName) else {
                throw StoreError(.resourceNotFound, "Resource not found: '\(arnText)'")
            }
            let base = a.arn.dropLast(aliasName.count + 1)
            var o: JSONObject = [
                "stateMachineAliasArn": .string(a.arn), "name": .string(a.name),
                "routingConfiguration": .array(
                    a.routing.map { ["stateMachineVersionArn": .string("\(base):\($0.version)"), "weight": .int($0.weight)] }),
                "creationDate": .string(a.created.iso8601), "updateDate": .string(a.created.iso8601),
            ]
            if let d = a.description { o["description"] = .string(d) }
            return .object(o)
        }
    }

    func listAliases(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineArn")
        let arn = try ResourceArn.stateMachine(arnText)
        let page = try Page(r)
        let all = try await read { (s) throws(StoreError) -> [AliasRecord] in
            guard try s.stateMachine(name: arn.name) != nil else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
            }
            return try s.listAliases(stateMachine: arn.name)
        }
        return page.answer("stateMachineAliases", all) {
            ["stateMachineAliasArn": .string($0.arn), "creationDate": .string($0.created.iso8601)]
        }
    }

    func deleteAlias(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineAliasArn")
        let arn = try ResourceArn.stateMachine(arnText)
        guard let aliasName = arn.qualifier, arn.version == nil else { throw APIError("InvalidArn", "Invalid Arn: '\(arnText)'") }
        try await call { (s) throws(StoreError) in try s.deleteAlias(stateMachine: arn.name, name: aliasName) }
        return .object(JSONObject())
    }

    /// `routingConfiguration`: one or two `{stateMachineVersionArn, weight}` of the same state machine.
    static func routing(_ r: RequestFields) throws(APIError) -> (String, [AliasRecord.Route]) {
        guard case .array(let entries)? = r["routingConfiguration"], !entries.isEmpty else {
            throw APIError.validation(
                "1 validation error detected: Value null at 'routingConfiguration' failed to satisfy constraint: Member must not be null")
        }
        guard entries.count <= 2 else {
            throw APIError.validation(
                "1 validation error detected: Value '\(JSON.array(entries).serialized())' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2"
            )
        }
        var machine: String?
        var routes: [AliasRecord.Route] = []
        var arns: [String] = []
        for (i, e) in entries.enumerated() {
            guard let text = e["stateMachineVersionArn"]?.stringValue, let weight = e["weight"]?.intValue else {
                throw APIError.validation("Each routing entry needs stateMachineVersionArn and weight")
            }
            if weight > 100 {
                throw APIError.validation(
                    "1 validation error detected: Value '\(weight)' at 'routingConfiguration.\(i + 1).member.weight' failed to satisfy constraint: Member must have value less than or equal to 100"
                )
            }
            arns.append(text)
            let arn = try ResourceArn.stateMachine(text)
            if let m = machine, m != arn.name {
                throw APIError.validation(
                    "Routing configuration must contain state machine version ARNs of one state machine. Received: [\(arns.joined(separator: ", "))]"
                )
            }
            machine = arn.name
            routes.append(AliasRecord.Route(version: arn.version ?? -1, weight: weight))
        }
        if routes.contains(where: { $0.version < 0 }) {
            let all = entries.compactMap { $0["stateMachineVersionArn"]?.stringValue }
            throw APIError.validation(
                "Routing configuration must contain state machine version ARNs. Received: [\(all.joined(separator: ", "))]")
        }
        if Set(routes.map(\.version)).count != routes.count {
            throw APIError.validation(
                "Routing configuration must contain distinct state machine version ARNs. Received: [\(arns.joined(separator: ", "))]")
        }
        if routes.reduce(0, { $0 + $1.weight }) != 100 {
            throw APIError.validation(
                "Sum of routing configuration weights must equal 100. Received: [\(routes.map { String($0.weight) }.joined(separator: ", "))]"
            )
        }
        return (machine ?? "", routes)
    }

    /// AWS's rule for alias names: 1 to 80 of letters, digits, `_`, `-` and `.`, not only digits.
    static func checkAliasName(_ name: String) throws(APIError) {
        guard name.count <= 80 else {
            throw APIError.validation(
                "1 validation error detected: Value '\(name)' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80"
            )
        }
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-" || $0 == "."
        }
        let hasNonDigit = name.unicodeScalars.contains { !("0"..."9").contains($0) }
        guard !name.isEmpty, allowed, hasNonDigit else {
            throw APIError.validation(
                "1 validation error detected: Value '\(name)' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$"
            )
        }
    }
}
