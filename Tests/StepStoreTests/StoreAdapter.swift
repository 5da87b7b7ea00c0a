import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepService
import StepStore
import StepTesting
import Testing

/// The store adapters every port suite runs on: each suite is one parameterised test per behaviour, so an
/// adapter added here (PostgreSQL) runs all of them.
enum StoreAdapter: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case inMemory

    var testDescription: String { rawValue }

    /// A fresh, empty store.
    func open() throws -> OpenedStore {
        switch self {
        case .sqlite:
            let database = TemporaryDatabase()
            return OpenedStore(store: try database.open(), reopen: { try database.open() }, keepAlive: database)
        case .inMemory:
            let store = InMemoryExecutionStore()
            return OpenedStore(store: store, reopen: { store }, keepAlive: store)
        }
    }
}

/// A store under test, with a way to reach the same data again (another connection to the same SQLite file,
/// the same instance in memory), as a second process would.
struct OpenedStore {
    let store: any ExecutionStore
    let reopen: () throws -> any ExecutionStore
    /// What must live as long as the store: the temporary database directory.
    let keepAlive: AnyObject
}

/// A clock reading for the suites: whole seconds since 2026-01-01, so that every adapter keeps it exactly.
func at(_ seconds: Int) -> Timestamp { Timestamp(epochMilliseconds: 1_767_225_600_000 + seconds * 1000) }

let passDefinition = #"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#
let succeedDefinition = #"{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}"#

extension ExecutionStore {
    /// Registers a state machine (a Pass state unless told otherwise) and returns it.
    @discardableResult
    func machine(_ name: String, definition: String = passDefinition, type: StateMachineType = .standard)
        throws(StoreError) -> StateMachineRecord
    {
        try upsertStateMachine(name: name, definition: definition, type: type, loggingLevel: "OFF", now: at(0))
    }

    /// Creates an execution of `machine` (registering the machine if needed), as StartExecution would.
    func start(
        _ name: String, of machine: String, input: JSON = [:], version: Int? = nil, at time: Timestamp = at(1)
    ) throws(StoreError) -> (record: ExecutionRecord, created: Bool) {
        let sm: StateMachineRecord
        if let existing = try stateMachine(name: machine) { sm = existing } else { sm = try self.machine(machine) }
        let arn = sm.arn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name
        return try createExecution(
            NewExecution(
                arn: arn, name: name, stateMachine: machine, stateMachineArn: sm.arn, version: version, type: sm.type,
                input: input.serialized(), startDate: time))
    }
}

/// The engine state of a running execution of `record`, as the service would commit it.
func runningState(_ record: ExecutionRecord) -> ExecutionState {
    ExecutionState(
        info: ExecutionInfo(
            executionArn: record.arn, name: record.name, stateMachineArn: record.stateMachineArn,
            stateMachineName: record.stateMachine, input: (try? JSON(parsing: record.input)) ?? .null,
            startTime: record.startDate, type: record.type))
}

/// The same state, ended with `status` (and an output when it succeeded).
func endedState(_ record: ExecutionRecord, _ status: ExecutionStatus, output: JSON? = ["done": true], at time: Timestamp = at(9))
    -> ExecutionState
{
    var state = runningState(record)
    state.status = status
    state.stopTime = time
    if status == .succeeded {
        state.output = output
    } else {
        state.error = "States.TaskFailed"
        state.cause = "it broke"
    }
    return state
}

/// A history event with id `id` (its predecessor `id - 1`).
func event(_ id: Int, _ type: HistoryEventType) -> HistoryEvent {
    HistoryEvent(id: id, previousEventId: id - 1, timestamp: at(id), type: type, detailsKey: nil, details: [:])
}

/// A task request of `record` for `resource`, with a token when given.
func task(
    _ id: Int, of record: ExecutionRecord, resource: String = "arn:aws:lambda:us-east-1:111111111111:function:f", token: String? = nil
)
    -> TaskRequest
{
    TaskRequest(
        id: id, resource: resource, input: ["task": .int(id)], stateName: "T\(id)", timeoutSeconds: nil, heartbeatSeconds: nil,
        taskToken: token, credentials: nil, executionArn: record.arn)
}

/// One step's commit with only the parts a test names.
func step(
    _ record: ExecutionRecord, state: ExecutionState? = nil, events: [HistoryEvent] = [], timersStarted: [(id: Int, due: Timestamp)] = [],
    timersDone: [Int] = [], tasksStarted: [TaskRequest] = [], tasksDone: [Int] = [], tasksSubmitted: [Int] = []
) -> TransitionCommit {
    TransitionCommit(
        executionId: record.id, state: state ?? runningState(record), events: events, timersStarted: timersStarted,
        timersDone: timersDone, tasksStarted: tasksStarted, tasksDone: tasksDone, tasksSubmitted: tasksSubmitted)
}

/// The store error `body` throws, or `nil` (recorded as an issue) when it throws none or another error.
func thrown(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> StoreError? {
    do {
        try body()
        Issue.record("expected a StoreError", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The code of the store error `body` throws.
func storeError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> StoreError.Code? {
    thrown(body, sourceLocation: sourceLocation)?.code
}
