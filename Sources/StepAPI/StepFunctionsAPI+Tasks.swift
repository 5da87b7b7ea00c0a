import StepJSON
import StepLanguage
import StepRuntime
import StepService

/// Callbacks (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat), activities (CreateActivity,
/// DescribeActivity, ListActivities, DeleteActivity, GetActivityTask) and map runs (DescribeMapRun, ListMapRuns).
extension StepFunctionsAPI {
    func sendTaskSuccess(_ r: RequestFields) async throws(APIError) -> JSON {
        let token = try r.string("taskToken")
        let output = try r.string("output")
        guard (try? JSON(parsing: output)) != nil else {
            throw APIError("InvalidOutput", "Invalid Output: the output is not valid JSON")
        }
        try await callback(token, .taskSuccess, output: output, error: nil, cause: nil)
        return .object(JSONObject())
    }

    func sendTaskFailure(_ r: RequestFields) async throws(APIError) -> JSON {
        let token = try r.string("taskToken")
        try await callback(token, .taskFailure, output: nil, error: try r.optionalString("error"), cause: try r.optionalString("cause"))
        return .object(JSONObject())
    }

    func sendTaskHeartbeat(_ r: RequestFields) async throws(APIError) -> JSON {
        try await callback(try r.string("taskToken"), .taskHeartbeat, output: nil, error: nil, cause: nil)
        return .object(JSONObject())
    }

    func callback(_ token: String, _ kind: ControlRequest.Kind, output: String?, error: String?, cause: String?)
        async throws(APIError)
    {
        guard !token.isEmpty, token.count <= 2048 else { throw APIError("InvalidToken", "Invalid Token: '\(token)'") }
        try await call { (s) throws(StoreError) in
            try TaskCallback.send(s, token: token, kind: kind, output: output, error: error, cause: cause)
        }
    }

    func createActivity(_ r: RequestFields) async throws(APIError) -> JSON {
        let name = try r.string("name")
        var given: [ActivityTag] = []
        if case .array(let items)? = r["tags"] {
            for t in items {
                guard let k = t["key"]?.stringValue else { throw APIError.validation("A tag needs a key") }
                given.append(ActivityTag(key: k, value: t["value"]?.stringValue ?? ""))
            }
        }
        let tags = given
        let now = WallClock.now()
        let a = try await call { (s) throws(StoreError) -> ActivityRecord in
            let existed = try s.listActivities().contains { $0.name == name }
            let a = try Activities.create(in: s, name: name, tags: tags, now: now)
            // Tags given when the activity is new are its tags (a later CreateActivity's are ignored, as on AWS).
            if !existed && !tags.isEmpty { try s.tagResource(a.arn, tags: tags) }
            return a
        }
        return ["activityArn": .string(a.arn), "creationDate": .string(a.created.iso8601)]
    }

    func describeActivity(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("activityArn")
        try ResourceArn.checkPrefix(arn)
        let record = try await read { (s) throws(StoreError) in try Activities.describe(in: s, arn: arn) }
        guard case .object(var o) = record.json else { return record.json }
        o["encryptionConfiguration"] = ["type": "AWS_OWNED_KEY"]
        return .object(o)
    }

    func listActivities(_ r: RequestFields) async throws(APIError) -> JSON {
        let page = try Page(r)
        let all = try await read { (s) throws(StoreError) in try s.listActivities() }
        return page.answer("activities", all, \.json)
    }

    func deleteActivity(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("activityArn")
        try await call { (s) throws(StoreError) in try Activities.delete(in: s, arn: arn) }
        return .object(JSONObject())
    }

    /// Long-polls (60 s, as AWS) for a task of the activity: `{taskToken, input}`, or `{}` when none came.
    func getActivityTask(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("activityArn")
        let workerName = try r.optionalString("workerName")
        try ResourceArn.checkPrefix(arn)
        if let workerName, workerName.isEmpty || workerName.count > 80 {
            throw APIError.validation("The worker name is 1 to 80 characters")
        }
        _ = try await read { (s) throws(StoreError) in try Activities.describe(in: s, arn: arn) }
        if let pollActivity {
            return await pollActivity(arn, workerName)?.json ?? .object(JSONObject())
        }
        let deadline = WallClock.now().epochMilliseconds + Int(activityWaitSeconds * 1000)
        while true {
            let claimed = try await call { (s) throws(StoreError) -> ActivityTask? in
                guard let c = try Activities.claim(in: s, arn: arn, workerName: workerName) else { return nil }
                try TaskCallback.send(s, executionId: c.executionId, task: c.task, kind: .taskStarted, workerName: workerName)
                return c.assignment
            }
            if let claimed { return claimed.json }
            if WallClock.now().epochMilliseconds >= deadline || Task.isCancelled { return .object(JSONObject()) }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    func describeMapRun(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("mapRunArn")
        return try await read { (s) throws(StoreError) -> JSON in
            guard let run = try s.mapRun(arn: arn) else {
                throw StoreError(.resourceNotFound, "Resource not found: '\(arn)'")
            }
            return run.description
        }
    }

    func listMapRuns(_ r: RequestFields) async throws(APIError) -> JSON {
        let e = try await execution(r)
        let page = try Page(r)
        let arn = e.arn
        let all = try await read { (s) throws(StoreError) in try s.mapRuns(executionArn: arn) }
        return page.answer("mapRuns", all, \.listEntry)
    }
}
