import StepJSON
import StepEngine
import StepLanguage
import StepRuntime
import StepService

/// StartExecution, StartSyncExecution, DescribeExecution, DescribeStateMachineForExecution,
/// GetExecutionHistory, ListExecutions, StopExecution and RedriveExecution.
extension StepFunctionsAPI {
    func startExecution(_ r: RequestFields) async throws(APIError) -> JSON {
        let record = try await start(r, requireExpress: false)
        return ["executionArn": .string(record.arn), "startDate": .string(record.startDate.iso8601)]
    }

    /// Runs an Express execution to its end and answers with its result (AWS's synchronous Express call).
    func startSyncExecution(_ r: RequestFields) async throws(APIError) -> JSON {
        let started = try await start(r, requireExpress: true)
        // The service runs it within milliseconds; Express executions last at most five minutes.
        let record = try await waitFor(started.id, atMost: 5 * 60 + 30) { $0.status != .running } ?? started
        var o: JSONObject = [
            "executionArn": .string(record.arn), "stateMachineArn": .string(record.stateMachineArn),
            "name": .string(record.name), "startDate": .string(record.startDate.iso8601),
            "stopDate": .string((record.stopDate ?? WallClock.now()).iso8601),
            "status": .string(record.status == .running ? "TIMED_OUT" : record.status.rawValue),
            "input": .string(record.input), "inputDetails": ["included": true],
            "billingDetails": [
                "billedMemoryUsedInMB": 64,
                "billedDurationInMilliseconds": .int(
                    max(100, ((record.stopDate ?? WallClock.now()).epochMilliseconds - record.startDate.epochMilliseconds + 99) / 100 * 100)
                ),
            ],
        ]
        if let output = record.output {
            o["output"] = .string(output)
            o["outputDetails"] = ["included": true]
        }
        if let e = record.error { o["error"] = .string(e) }
        if let c = record.cause { o["cause"] = .string(c) }
        return .object(o)
    }

    func start(_ r: RequestFields, requireExpress: Bool) async throws(APIError) -> ExecutionRecord {
        let machine = try r.string("stateMachineArn")
        let arn = try ResourceArn.stateMachine(machine)
        let name = try r.optionalString("name")
        if let name, !ResourceName.isValid(name) { throw APIError("InvalidName", "Invalid Name: '\(name)'") }
        let input = try r.optionalString("input") ?? "{}"
        do {
            _ = try JSON(parsing: input)
        } catch {
            throw APIError("InvalidExecutionInput", "Invalid State Machine Execution Input: '\(error)'")
        }
        let now = WallClock.now()
        return try await call { (s) throws(StoreError) -> ExecutionRecord in
            if let sm = try s.stateMachine(name: arn.name) {
                if requireExpress && sm.type != .express {
                    throw StoreError(
                        .stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
                }
            }
            return try ExecutionStarter.start(in: s, stateMachine: machine, name: name, input: input, now: now)
        }
    }

    func describeExecution(_ r: RequestFields) async throws(APIError) -> JSON {
        try await execution(r).json
    }

    func describeStateMachineForExecution(_ r: RequestFields) async throws(APIError) -> JSON {
        let e = try await execution(r)
        let id = e.id
        let name = e.stateMachine
        return try await read { (s) throws(StoreError) -> JSON in
            let used = try s.definition(forExecution: id)
            var o: JSONObject = [
                "stateMachineArn": .string(e.stateMachineArn), "name": .string(name), "definition": .string(used.definition),
                "updateDate": .string(e.startDate.iso8601),
                "loggingConfiguration": ["level": .string(used.loggingLevel), "includeExecutionData": false],
                "tracingConfiguration": ["enabled": false],
            ]
            if let sm = try s.stateMachine(name: name) {
                o["roleArn"] = .string(sm.roleArn ?? "")
                o["updateDate"] = .string(sm.updated.iso8601)
            }
            if let v = e.version { o["stateMachineVersionArn"] = .string("\(e.stateMachineArn):\(v)") }
            return .object(o)
        }
    }

    func executionHistory(_ r: RequestFields) async throws(APIError) -> JSON {
        let e = try await execution(r)
        let reverse = try r.bool("reverseOrder") ?? false
        let includeData = try r.bool("includeExecutionData") ?? true
        let page = try Page(r, defaultSize: 1000, maxSize: 1000)
        let id = e.id
        var events = try await read { (s) throws(StoreError) in try s.history(executionId: id) }
        if reverse { events.reverse() }
        return page.answer("events", events) { includeData ? $0 : Self.withoutData($0) }
    }

    func listExecutions(_ r: RequestFields) async throws(APIError) -> JSON {
        let machine = try r.optionalString("stateMachineArn")
        let mapRun = try r.optionalString("mapRunArn")
        guard (machine == nil) != (mapRun == nil) else {
            throw APIError.validation("Exactly one of stateMachineArn and mapRunArn must be given")
        }
        var filter: ExecutionStatus?
        if let text = try r.optionalString("statusFilter") {
            guard let s = ExecutionStatus(rawValue: text) else {
                throw APIError.validation(
                    "1 validation error detected: Value '\(text)' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]"
                )
            }
            filter = s
        }
        let status = filter
        let page = try Page(r, tokenLimit: 3096)
        let arn = try machine.map { (m) throws(APIError) in try ResourceArn.stateMachine(m) }
        let all = try await read { (s) throws(StoreError) -> [ExecutionRecord] in
            if let mapRun { return try s.mapRunExecutions(mapRunArn: mapRun, status: status, limit: 100_000) }
            guard let arn, let sm = try s.stateMachine(name: arn.name) else {
                throw StoreError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(machine ?? "")'")
            }
            guard sm.type == .standard else {
                throw StoreError(.stateMachineTypeNotSupported, "This operation is not supported by this type of state machine")
            }
            let list = try s.listExecutions(stateMachine: arn.name, status: status, limit: 100_000)
            // A version's or an alias's ARN lists the executions started through it.
            if let v = arn.version { return list.filter { $0.version == v && $0.alias == nil } }
            if let alias = arn.qualifier { return list.filter { $0.alias == alias } }
            return list
        }
        return page.answer("executions", all) { e -> JSON in
            var x: JSONObject = [
                "executionArn": .string(e.arn), "stateMachineArn": .string(e.stateMachineArn),
                "name": .string(e.name), "status": .string(e.status.rawValue),
                "startDate": .string(e.startDate.iso8601),
            ]
            if let d = e.stopDate { x["stopDate"] = .string(d.iso8601) }
            if let v = e.version { x["stateMachineVersionArn"] = .string("\(e.stateMachineArn):\(v)") }
            if let a = e.alias { x["stateMachineAliasArn"] = .string("\(e.stateMachineArn):\(a)") }
            if e.type == .standard { x["redriveCount"] = .int(e.redriveCount) }
            return .object(x)
        }
    }

    func stopExecution(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("executionArn")
        let error = try r.optionalString("error")
        let cause = try r.optionalString("cause")
        try Self.checkExecutionArn(arn)
        let record = try await call { (s) throws(StoreError) in
            try ExecutionControl.apply(s, reference: arn, kind: .stop, error: error, cause: cause)
        }
        // AWS answers once the execution is stopped: wait for the service to apply the request.
        let stopped = try await waitFor(record.id) { $0.status != .running }
        return ["stopDate": .string((stopped?.stopDate ?? WallClock.now()).iso8601)]
    }

    func redriveExecution(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("executionArn")
        try Self.checkExecutionArn(arn)
        let record = try await call { (s) throws(StoreError) in
            try ExecutionControl.apply(s, reference: arn, kind: .redrive, error: nil, cause: nil)
        }
        let before = record.redriveCount
        _ = try await waitFor(record.id) { $0.redriveCount > before }
        return ["redriveDate": .string(WallClock.now().iso8601)]
    }

    // MARK: - Shared

    /// Reads the execution until `done` holds (a request the running service applies within milliseconds),
    /// for at most `seconds`; the last record read. With the service in this process each read follows a
    /// commit that touched the execution; without it, reads back off from 5 ms to 100 ms.
    func waitFor(_ id: Int64, atMost seconds: Double = 10, _ done: @escaping @Sendable (ExecutionRecord) -> Bool) async throws(APIError)
        -> ExecutionRecord?
    {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let watch = changes?.watch(id)
        defer { if let watch { changes?.end(watch) } }
        var backoff = Backoff(first: .milliseconds(5), maximum: .milliseconds(100))
        while true {
            let last = try await read { (s) throws(StoreError) in try s.execution(id: id) }
            if let last, done(last) { return last }
            let left = deadline - ContinuousClock.now
            if left <= .zero || Task.isCancelled { return last }
            if let changes, let watch {
                // A commit wakes it; the bound only guards against a service that is not running it.
                await changes.next(watch, timeout: min(left, .seconds(1)))
            } else {
                try? await Task.sleep(for: min(left, backoff.nextDelay()))
            }
        }
    }

    /// The execution named by the request's `executionArn`.
    func execution(_ r: RequestFields) async throws(APIError) -> ExecutionRecord {
        let arn = try r.string("executionArn")
        try Self.checkExecutionArn(arn)
        return try await read { (s) throws(StoreError) -> ExecutionRecord in
            guard let e = try s.execution(reference: arn) else {
                throw StoreError(.executionDoesNotExist, "Execution Does Not Exist: '\(arn)'")
            }
            return e
        }
    }

    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME` (Standard) or `…:express:MACHINE:NAME:ID`.
    static func checkExecutionArn(_ arn: String) throws(APIError) {
        try ResourceArn.checkPrefix(arn)
        let parsed = ARN(parsing: arn)
        // Express executions keep no history here, as on AWS: their ARNs are refused.
        if parsed?.resourceType == "express" {
            throw APIError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'")
        }
        guard parsed?.standardExecution != nil else {
            throw APIError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: \(arn)'")
        }
    }

    /// An event without its input and output (GetExecutionHistory with `includeExecutionData: false`).
    static func withoutData(_ event: JSON) -> JSON {
        guard case .object(var o) = event else { return event }
        for (k, v) in o where k.hasSuffix("EventDetails") {
            guard case .object(var d) = v else { continue }
            for field in ["input", "output"] where d[field] != nil {
                d[field] = nil
                if d["\(field)Details"] != nil { d["\(field)Details"] = ["truncated": false] }
            }
            o[k] = .object(d)
        }
        return .object(o)
    }
}
