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
            if let revisionId, revisionId != String(sm.revision) {
                throw StoreError(.validation, "The revisionId '\(revisionId)' is not the latest revision (\(sm.revision))")
            }
            let v = try s.publishVersion(stateMachine: arn.name, description: description, now: now)
            return ["stateMachineVersionArn": .string(v.arn), "creationDate": .string(v.created.iso8601)]
        }
    }

    func listVersions(_ r: RequestFields) async throws(APIError) -> JSON {
        let arnText = try r.string("stateMachineArn")
        let arn = try ResourceArn.stateMachine(arnText)
        let page = try Page(r)
        let all = try await call { (s) throws(StoreError) -> [VersionRecord] in
            guard try s.stateMachine(name: arn.name) != nil else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
            }
            return try s.listVersions(stateMachine: arn.name)
        }
        let (items, next) = page.slice(all)
        var o: JSONObject = [
            "stateMachineVersions": .array(
                items.map { ["stateMachineVersionArn": .string($0.arn), "creationDate": .string($0.created.iso8601)] })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
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
        guard ResourceName.isValid(name), Int(name) == nil else { throw APIError("InvalidName", "Invalid Name: '\(name)'") }
        let now = WallClock.now()
        return try await call { (s) throws(StoreError) -> JSON in
            if try s.alias(stateMachine: machine, name: name) != nil {
                throw StoreError(.validation, "Alias '\(name)' of '\(machine)' already exists")
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
                throw StoreError(.resourceNotFound, "Resource not found: '\(arnText)'")
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
        return try await call { (s) throws(StoreError) -> JSON in
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
        let all = try await call { (s) throws(StoreError) -> [AliasRecord] in
            guard try s.stateMachine(name: arn.name) != nil else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arnText)'")
            }
            return try s.listAliases(stateMachine: arn.name)
        }
        let (items, next) = page.slice(all)
        var o: JSONObject = [
            "stateMachineAliases": .array(
                items.map { ["stateMachineAliasArn": .string($0.arn), "creationDate": .string($0.created.iso8601)] })
        ]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
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
        guard case .array(let entries)? = r["routingConfiguration"], !entries.isEmpty, entries.count <= 2 else {
            throw APIError.validation("routingConfiguration must list one or two versions")
        }
        var machine: String?
        var routes: [AliasRecord.Route] = []
        for e in entries {
            guard let text = e["stateMachineVersionArn"]?.stringValue, let weight = e["weight"]?.intValue else {
                throw APIError.validation("Each routing entry needs stateMachineVersionArn and weight")
            }
            let arn = try ResourceArn.stateMachine(text)
            guard let v = arn.version else { throw APIError("InvalidArn", "Invalid Arn: '\(text)'") }
            if let m = machine, m != arn.name {
                throw APIError.validation("The versions of an alias must belong to one state machine")
            }
            machine = arn.name
            routes.append(AliasRecord.Route(version: v, weight: weight))
        }
        return (machine ?? "", routes)
    }
}
