import StepJSON
import StepLanguage

extension Interpreter {
    /// A Distributed Map: records `MapRunStarted` and hands the whole map run to the driver as one task.
    /// Its children are executions of their own, run by a map-run coordinator outside the engine; the
    /// engine waits for the aggregated result (or the map run's error) like any task's.
    mutating func startMapRun(
        _ id: Int, _ t: ThreadState, _ st: State, _ spec: MapSpec, eff: JSON, items: [JSON]?, maxConcurrency: Int,
        toleratedCount: Int?, percentage: Double?
    ) throws(StatesError) {
        let env = environment(t)
        var reader: JSON?
        if let r = spec.itemReader {
            var o = JSONObject(minimumCapacity: 3)
            o["Resource"] = .string(r.resource)
            o["Arguments"] = try r.arguments?.evaluate(input: eff, environment: env, random: &rng) ?? .object(JSONObject())
            var config = r.readerConfig
            if let m = try mapInteger(r.maxItems, "MaxItems", eff, t) { config["MaxItems"] = .int(m) }
            o["ReaderConfig"] = .object(config)
            reader = .object(o)
        }
        var maxItems: Int?
        var maxBytes: Int?
        var batchInput: JSON?
        if let b = spec.itemBatcher {
            maxItems = try mapInteger(b.maxItemsPerBatch, "MaxItemsPerBatch", eff, t)
            maxBytes = try mapInteger(b.maxInputBytesPerBatch, "MaxInputBytesPerBatch", eff, t)
            batchInput = try b.batchInput?.evaluate(input: eff, environment: env, random: &rng)
        }
        var writer: JSON?
        if let w = spec.resultWriter {
            var o = JSONObject(minimumCapacity: 4)
            if let a = w.arguments {
                let v = try a.evaluate(input: eff, environment: env, random: &rng)
                guard let bucket = v["Bucket"]?.stringValue else {
                    throw StatesError.runtime("The ResultWriter needs a Bucket string: \(v.serialized())")
                }
                o["Bucket"] = .string(bucket)
                o["Prefix"] = .string(v["Prefix"]?.stringValue ?? "")
            }
            if let x = w.transformation { o["Transformation"] = .string(x) }
            if let x = w.outputType { o["OutputType"] = .string(x) }
            writer = .object(o)
        }
        let info = state.info
        let label = spec.label ?? st.name
        let machineArn = ARN(parsing: info.stateMachineArn)
        let runArn = ARN.mapRun(
            stateMachine: info.stateMachineName, label: label, runId: rng.uuid(), region: machineArn?.region ?? "us-east-1",
            account: machineArn?.account ?? "111111111111"
        ).description
        emit(.mapRunStarted, "mapRunStartedEventDetails", ["mapRunArn": .string(runArn)], thread: id)
        var variables = JSONObject()
        for (k, v) in env.visibleVariables().sorted(by: { $0.key < $1.key }) { variables[k] = v }
        let request = MapRunRequest(
            mapRunArn: runArn, executionArn: info.executionArn, stateMachineArn: info.stateMachineArn,
            stateName: st.name, label: spec.label, executionType: spec.executionType ?? .standard,
            childDefinition: spec.processorDefinition, items: items, reader: reader, selector: spec.itemSelectorSource,
            selectorLanguage: st.queryLanguage, context: env.contextObject(), variables: variables, effectiveInput: eff,
            maxItemsPerBatch: maxItems, maxInputBytesPerBatch: maxBytes, batchInput: batchInput, writer: writer,
            maxConcurrency: maxConcurrency, toleratedFailureCount: toleratedCount, toleratedFailurePercentage: percentage)
        let taskId = state.allocateId()
        let task = TaskRequest(
            id: taskId, resource: MapRunRequest.resource, input: request.json, stateName: st.name, timeoutSeconds: nil,
            heartbeatSeconds: nil, taskToken: nil, credentials: nil, executionArn: info.executionArn)
        var pending = PendingTask(thread: id, request: task, lambdaStyle: false)
        pending.mapRun = true
        state.tasks[taskId] = pending
        update(id) {
            $0.phase = .waitingTask(taskId)
            $0.effectiveInput = eff
        }
        commands.append(.runTask(task))
    }

    /// The map run ended well: its result is the Map state's result.
    mutating func mapRunSucceeded(_ p: PendingTask, _ output: JSON) {
        guard let t = state.threads[p.thread] else { return }
        emit(.mapRunSucceeded, nil, JSONObject(), thread: p.thread)
        let chain = state.threads[p.thread]?.lastEventId ?? 0
        emit(.mapStateSucceeded, nil, JSONObject(), thread: p.thread)
        update(p.thread) {
            $0.lastEventId = chain
            $0.phase = .entering
        }
        do throws(StatesError) {
            try completeState(p.thread, result: output, effective: t.effectiveInput ?? t.input, selector: true)
        } catch {
            handleError(p.thread, error)
        }
        runnable.append(p.thread)
    }

    /// The map run failed (a child's error, the tolerated failure threshold, the reader or the writer):
    /// the Map state retries, catches or fails with it.
    mutating func mapRunFailed(_ p: PendingTask, _ error: StatesError) {
        guard let t = state.threads[p.thread] else { return }
        update(p.thread) { $0.phase = .entering }
        let st = machine[t.address]
        defer { runnable.append(p.thread) }
        if error.error != StatesErrorName.runtime, tryRetry(p.thread, t, st, error) { return }
        emit(.mapRunFailed, "mapRunFailedEventDetails", Details.errorCause(error.error, error.cause), thread: p.thread)
        emit(.mapStateFailed, nil, JSONObject(), thread: p.thread)
        if let t = state.threads[p.thread], error.error != StatesErrorName.runtime, tryCatch(p.thread, t, st, error) {
            return
        }
        handleErrorWithoutRecovery(p.thread, error)
    }
}
