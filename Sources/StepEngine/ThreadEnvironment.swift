import StepJSON
import StepLanguage

/// The evaluation environment of one thread: its variables and its context object, built on demand.
struct ThreadEnvironment: EvaluationEnvironment {
    let scopes: [Int: VariableScope]
    let scope: Int
    let info: ExecutionInfo
    let stateName: String
    let enteredTime: Timestamp
    /// `nil` for states that cannot retry: their `$$.State` has no `RetryCount`.
    let retryCount: Int?
    let taskToken: String?
    let mapItem: MapItem?
    let now: Timestamp
    /// JSONata's `$states.result` and `$states.errorOutput`, where the state has them.
    var statesResult: JSON? = nil
    var statesErrorOutput: JSON? = nil

    func visibleVariables() -> [String: JSON] {
        var chain: [Int] = []
        var id: Int? = scope
        while let s = id, let sc = scopes[s] {
            chain.append(s)
            id = sc.parent
        }
        var out: [String: JSON] = [:]
        for s in chain.reversed() {
            guard let sc = scopes[s] else { continue }
            for (k, v) in sc.values { out[k] = v }
        }
        return out
    }

    func statesObject(input: JSON) -> JSON {
        var o = JSONObject(minimumCapacity: 4)
        o["input"] = input
        o["context"] = contextObject()
        if let statesResult { o["result"] = statesResult }
        if let statesErrorOutput { o["errorOutput"] = statesErrorOutput }
        return .object(o)
    }

    func nowMilliseconds() -> Double? { Double(now.epochMilliseconds) }

    func variable(_ name: String) -> JSON? {
        var id: Int? = scope
        while let s = id, let sc = scopes[s] {
            if let v = sc.values[name] { return v }
            id = sc.parent
        }
        return nil
    }

    func contextObject() -> JSON {
        var execution = JSONObject(minimumCapacity: 6)
        execution["Id"] = .string(info.executionArn)
        execution["Input"] = info.input
        execution["StartTime"] = .string(info.startTime.iso8601)
        execution["Name"] = .string(info.name)
        execution["RoleArn"] = .string(info.roleArn)
        // AWS shows no RedriveCount for an Express execution run synchronously (or as a map run's child).
        if info.type != .express || info.startedAsynchronously == true {
            execution["RedriveCount"] = .int(info.redriveCount)
        }
        var st = JSONObject(minimumCapacity: 3)
        st["EnteredTime"] = .string(enteredTime.iso8601)
        st["Name"] = .string(stateName)
        if let retryCount { st["RetryCount"] = .int(retryCount) }
        var machine = JSONObject(minimumCapacity: 2)
        machine["Id"] = .string(info.stateMachineArn)
        machine["Name"] = .string(info.stateMachineName)
        var o = JSONObject(minimumCapacity: 5)
        o["Execution"] = .object(execution)
        o["State"] = .object(st)
        o["StateMachine"] = .object(machine)
        if let taskToken { o["Task"] = .object(["Token": .string(taskToken)]) }
        if let mapItem {
            o["Map"] = .object(["Item": .object(["Index": .int(mapItem.index), "Value": mapItem.value])])
        }
        return .object(o)
    }
}

extension Interpreter {
    func environment(
        _ t: ThreadState, mapItem: MapItem? = nil, result: JSON? = nil, errorOutput: JSON? = nil
    ) -> ThreadEnvironment {
        ThreadEnvironment(
            scopes: state.scopes, scope: t.scope, info: state.info, stateName: machine[t.address].name,
            enteredTime: t.enteredTime, retryCount: machine[t.address].canRetry ? t.retryCounts.reduce(0, +) : nil,
            taskToken: t.taskToken,
            mapItem: mapItem ?? t.mapItem, now: now, statesResult: result, statesErrorOutput: errorOutput)
    }
}

extension State {
    /// Task, Parallel and Map states can retry, and show `$$.State.RetryCount`.
    var canRetry: Bool {
        switch kind {
        case .task, .parallel, .map: return true
        default: return false
        }
    }
}
