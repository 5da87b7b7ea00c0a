import Foundation
import StepEngine
import StepJSON
import StepLanguage
import StepMapRun
import StepRuntime

/// A fresh directory under the system's temporary directory, standing in for an S3 bucket; `remove()` deletes it.
struct TempBucket {
    let path: String

    init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("stepline-maprun-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes an object (a file) at `key`, creating the folders on the way.
    func put(_ key: String, _ text: String) throws {
        let file = path + "/" + key
        let folder = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }

    func text(_ key: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path + "/" + key)), as: UTF8.self)
    }

    func json(_ key: String) throws -> JSON { try JSON(parsing: text(key)) }

    func size(_ key: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path + "/" + key)
        return (attributes[.size] as? NSNumber)?.intValue ?? -1
    }

    func exists(_ key: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + key) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs definitions with a Distributed Map end to end, as `stepline run` does.
enum Harness {
    /// A pass-through item processor.
    static let passThrough = #""StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}"#

    /// A processor that fails (`Boom`) when its input's `fail` is true and returns its input otherwise.
    static let failWhenAsked = """
        "StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "F"}], "Default": "S"},
          "F": {"Type": "Fail", "Error": "Boom", "Cause": "asked to fail"},
          "S": {"Type": "Succeed"}}
        """

    /// A machine whose one state `M` is a Distributed Map with the given extra fields and item processor.
    static func machine(
        _ fields: String, processor: String = passThrough, executionType: String = "EXPRESS", language: String? = nil
    ) -> String {
        let ql = language.map { #""QueryLanguage": "\#($0)", "# } ?? ""
        let extra = fields.isEmpty ? "" : fields + ","
        return """
            {\(ql)"StartAt": "M", "States": {"M": {"Type": "Map", \(extra)
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "\(executionType)"}, \(processor)},
              "End": true}}}
            """
    }

    /// An `ItemReader` for `s3:getObject` of `key` in `bucket`, with more `ReaderConfig` members in `config`.
    static func reader(_ bucket: String, _ key: String, _ inputType: String, config: String = "") -> String {
        """
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
          "ReaderConfig": {"InputType": "\(inputType)"\(config.isEmpty ? "" : ", " + config)},
          "Parameters": {"Bucket": "\(bucket)", "Key": "\(key)"}}
        """
    }

    static func run(
        _ definition: String, input: JSON = .object(JSONObject()), tasks: any TaskRunner = UnavailableTaskRunner(),
        buckets: Buckets = Buckets()
    ) async throws -> ExecutionResult {
        try await run(definition, input: input, runner: MapRunTaskRunner.inProcess(tasks, buckets: buckets))
    }

    /// Runs with a task runner that already routes `stepline:mapRun`.
    static func run(_ definition: String, input: JSON, runner: any TaskRunner) async throws -> ExecutionResult {
        let machine = try DefinitionParser.parse(definition)
        let info = ExecutionInfo.local(
            stateMachineName: "m", executionName: "e", input: input, startTime: WallClock.now())
        return await EmbeddedRunner(machine: machine, tasks: runner).run(info)
    }

    static func json(_ text: String) throws -> JSON { try JSON(parsing: text) }

    /// The `MapRunFailed` event's details, if the run failed.
    static func mapRunFailure(_ result: ExecutionResult) -> (error: String?, cause: String?)? {
        guard let e = result.events.first(where: { $0.type == .mapRunFailed }) else { return nil }
        return (e.details["error"]?.stringValue, e.details["cause"]?.stringValue)
    }
}
