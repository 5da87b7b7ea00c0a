import Foundation
import StepJSON
import StepRuntime
import Testing
@testable import StepIntegrations

@Suite("Config file") struct StepConfigTests {
    @Test func theFullFormWithTasksAndFunctions() throws {
        let f = Fixture()
        f.write("src/app.py", "def main(event, context):\n    return event\n")
        f.write("lambda_function.py", "def lambda_handler(event, context):\n    return 1\n")
        f.write("plain.py", "def handler(event, context):\n    return 2\n")
        let path = f.write(
            "stepline.json",
            """
            {
              "tasks": {"arn:aws:lambda:us-east-1:111111111111:function:echo": "cat"},
              "functions": {
                "MyHelloFunction": "lambda_function.lambda_handler",
                "arn:aws:lambda:us-east-1:111111111111:function:App:live": {
                  "handler": "src/app.main", "pool": 4, "timeout": 5, "memory": 256, "environment": {"A": "1", "N": 2}
                },
                "Plain": {"handler": "plain.py", "pool": 0},
                "Other": {"handler": "src/app.py:main", "module": "handler"},
                "Shell": {"command": "./run.sh", "timeout": 2.5}
              },
              "buckets": {"kept": "data"}
            }
            """)
        let c = try StepConfig.load(path)
        #expect(c.tasks == ["arn:aws:lambda:us-east-1:111111111111:function:echo": "cat"])
        #expect(c.document["buckets"] == ["kept": "data"])
        let byName = Dictionary(uniqueKeysWithValues: c.functions.map { ($0.reference.name, $0) })
        let dir = URL(fileURLWithPath: f.directory).standardized.path

        let hello = try #require(byName["MyHelloFunction"]?.config)
        #expect(hello.kind == .python(file: dir + "/lambda_function.py", module: "lambda_function", entry: "lambda_handler"))
        #expect(hello.poolSize == 2 && hello.timeoutSeconds == 900)

        let app = try #require(byName["App"])
        #expect(app.reference.qualifier == "live")
        #expect(app.config.kind == .python(file: dir + "/src/app.py", module: "app", entry: "main"))
        #expect(app.config.poolSize == 4 && app.config.timeoutSeconds == 5 && app.config.memorySize == 256)
        #expect(app.config.environment == ["A": "1", "N": "2"])
        #expect(app.config.directory == dir)

        let plain = try #require(byName["Plain"]?.config)
        #expect(plain.kind == .python(file: dir + "/plain.py", module: "plain", entry: "handler"))
        #expect(plain.poolSize == 0)

        #expect(byName["Other"]?.config.kind == .python(file: dir + "/src/app.py", module: "handler", entry: "main"))
        #expect(byName["Other"]?.config.directory == dir + "/src")

        let shell = try #require(byName["Shell"]?.config)
        #expect(shell.kind == .command("./run.sh") && shell.timeoutSeconds == 2.5 && shell.directory == dir)
    }

    @Test func aConformanceLambdasJSONIsAcceptedAsItIs() throws {
        let f = Fixture()
        f.write("lambda_id_function.py", "def handler(event, context):\n    return event\n")
        let path = f.write("lambdas.json", #"{"lambda_func_00000001": "lambda_id_function.py"}"#)
        let c = try StepConfig.load(path)
        #expect(c.functions.count == 1)
        let entry = try #require(c.functions.first)
        #expect(entry.reference.name == "lambda_func_00000001")
        let dir = URL(fileURLWithPath: f.directory).standardized.path
        // Deployed as LocalStack deploys it: handler.py, entry point handler.
        #expect(entry.config.kind == .python(file: dir + "/lambda_id_function.py", module: "handler", entry: "handler"))
    }

    @Test func anEmptyObjectConfiguresNothing() throws {
        let c = try StepConfig(.object(JSONObject()), directory: "/")
        #expect(c.functions.isEmpty && c.tasks.isEmpty)
    }

    @Test func mistakesAreReportedWithWhereTheyAre() {
        let f = Fixture()
        func error(_ text: String) -> String? {
            do {
                _ = try StepConfig(try JSON(parsing: text), directory: f.directory)
                return nil
            } catch let e as ConfigError {
                return e.message
            } catch {
                return "\(error)"
            }
        }
        #expect(error("[]") == "the config file must hold a mapping of settings")
        #expect(error(#"{"tasks": []}"#) == "'tasks' must be an object of RESOURCE: COMMAND")
        #expect(error(#"{"functions": {"F": {"pool": 1}}}"#) == "functions.F: give a 'handler' (Python) or a 'command'")
        #expect(error(#"{"functions": {"F": {"command": "x", "pool": -1}}}"#)?.contains("'pool'") == true)
        #expect(error(#"{"functions": {"F": {"command": "x", "colour": 1}}}"#) == "functions.F: unknown key 'colour'")
        #expect(error(#"{"functions": {"F": "missing.handler"}}"#)?.contains("does not exist") == true)
        #expect(error(#"{"functions": {"F": "nodot"}}"#)?.contains("neither a .py file") == true)
        #expect(error(#"{"functions": {"a:b:c": {"command": "x"}}}"#)?.contains("not a Lambda function name") == true)
        #expect(error(#"{"F": "missing.py"}"#)?.contains("does not exist") == true)
    }

    @Test func configuredRunnerSendsTasksToCommandsAndLambdaResourcesToFunctions() async throws {
        let f = Fixture()
        f.write("fn.py", "def handler(event, context):\n    return {'from': 'python', 'event': event}\n")
        let c = try StepConfig(
            try JSON(parsing: #"{"tasks": {"echo": "cat"}, "functions": {"Fn": {"handler": "fn.py", "pool": 1}}}"#),
            directory: f.directory)
        let runner = c.taskRunner()
        let viaTask = await runner.run(request("arn:aws:lambda:us-east-1:111111111111:function:echo", ["a": 1]))
        #expect(viaTask == .success(["a": 1]))
        let viaFunction = await runner.run(request("arn:aws:lambda:us-east-1:111111111111:function:Fn", ["a": 1]))
        #expect(viaFunction == .success(["from": "python", "event": ["a": 1]]))
        let other = await runner.run(request("arn:aws:states:::sqs:sendMessage", [:]))
        guard case .failure(let e, _) = other else { Issue.record("\(other)"); return }
        #expect(e == "States.TaskFailed")
        await runner.shutdown()
    }
}
