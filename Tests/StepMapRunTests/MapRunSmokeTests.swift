import StepEngine
import StepJSON
import StepLanguage
import StepMapRun
import StepRuntime
import Testing

@Suite struct MapRunSmokeTests {
    @Test func distributedMapRunsChildrenInProcess() async throws {
        let definition = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {
              "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
              "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": true}}},
             "End": true}}}
            """
        let machine = try DefinitionParser.parse(definition)
        let runner = EmbeddedRunner(machine: machine, tasks: MapRunTaskRunner.inProcess(UnavailableTaskRunner(), buckets: Buckets()))
        let info = ExecutionInfo.local(
            stateMachineName: "m", executionName: "e", input: .array([.int(1), .int(2), .int(3)]), startTime: WallClock.now())
        let result = await runner.run(info)
        #expect(result.status == .succeeded)
        #expect(result.output == .array([.object(["v": .int(1)]), .object(["v": .int(2)]), .object(["v": .int(3)])]))
        #expect(result.events.map(\.type).contains(.mapRunSucceeded))
    }
}
