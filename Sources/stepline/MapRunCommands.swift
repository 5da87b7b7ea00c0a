import ArgumentParser
import StepJSON
import StepMapRun
import StepServe
import StepService

/// `stepline describe-map-run`: a Distributed Map run's status and item counts, as DescribeMapRun gives them.
struct DescribeMapRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-map-run", abstract: "Describe a Distributed Map run, as DescribeMapRun does.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("map-run-arn"), help: "The map run's ARN (from the MapRunStarted event).")
    var mapRunArn: String

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            guard let r = try storeCall({ () throws(StoreError) in try s.mapRun(arn: mapRunArn) }) else {
                throw RequestFailure(StoreError(.resourceNotFound, "Map Run Does Not Exist: '\(mapRunArn)'"))
            }
            print(r.description.prettySerialized())
        }
    }
}

/// `stepline list-map-runs`: the map runs an execution started, as ListMapRuns gives them.
struct ListMapRunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-map-runs", abstract: "List the Distributed Map runs of an execution, as ListMapRuns does.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("execution-arn"), help: "The execution's ARN (or name).")
    var executionArn: String

    func run() async throws {
        try await clientCommand {
            let s = try store.open()
            let arn = try storeCall({ () throws(StoreError) in try s.execution(reference: executionArn) })?.arn ?? executionArn
            let runs = try storeCall { () throws(StoreError) in try s.mapRuns(executionArn: arn) }
            print(JSON.object(["mapRuns": .array(runs.map(\.listEntry))]).prettySerialized())
        }
    }
}
