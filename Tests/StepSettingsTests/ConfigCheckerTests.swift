import Foundation
import StepJSON
import Testing

@testable import StepSettings

/// `stepline config check`'s findings: every bad key, wrong type and bad value named with its line.
@Suite struct ConfigCheckerTests {
    func problems(_ yaml: String) throws -> [ConfigProblem] {
        ConfigChecker.problems(in: try ConfigDocument.parse(yaml, path: "test.yaml"))
    }

    @Test func aGoodFileHasNoProblems() throws {
        let found = try problems(
            """
            db: /var/lib/stepline/stepline.db
            api: 127.0.0.1:8083
            account: 000111222333
            worker:
              concurrency: 4
            log: {level: debug, format: json}
            rules:
              - {name: r, eventPattern: {source: [shop]}, stateMachine: orders}
            functions:
              greet: handlers/greet.handler
            """)
        #expect(found.isEmpty)
    }

    @Test func aWrongTypeIsNamedWithItsLineAndPath() throws {
        let found = try problems("db: x.db\nworker:\n  concurrency: eight\n")
        #expect(found.count == 1)
        #expect(found.first?.description == "line 3, column 16: worker.concurrency: expected a positive integer, got \"eight\"")
    }

    @Test func anUnknownKeySuggestsTheNearestKnownOne() throws {
        let found = try problems("log:\n  levle: info\nworkr:\n  concurrency: 2\n")
        #expect(found.map(\.path) == ["log.levle", "workr"])
        #expect(found[0].message == "unknown setting (did you mean 'level'?)")
        #expect(found[0].position == ConfigDocument.Position(line: 2, column: 3))
        #expect(found[1].message == "unknown setting (did you mean 'worker'?)")
    }

    @Test func aKeyFarFromAnyKnownOneGetsNoSuggestion() throws {
        let found = try problems("colour: blue\n")
        #expect(found.first?.message == "unknown setting")
    }

    @Test func badValuesOfEachKindAreRefused() throws {
        let found = try problems(
            """
            api: nowhere
            amqpURL: localhost
            synchronous: sometimes
            busyTimeout: -1
            drain: {gracePeriod: soon}
            rules: {name: r}
            tasks: [a, b]
            """)
        #expect(found.map(\.path) == ["api", "amqpURL", "synchronous", "busyTimeout", "drain.gracePeriod", "rules", "tasks"])
        #expect(found.allSatisfy { $0.position != nil })
    }

    @Test func aSyntaxErrorHasItsLine() {
        #expect {
            _ = try ConfigDocument.parse("db: x\nworker: [unclosed\n", path: "t.yaml")
        } throws: { error in
            guard let problems = error as? ConfigProblems, let first = problems.problems.first else { return false }
            return first.position != nil && first.message.contains("not valid YAML")
        }
    }

    @Test func aKeyGivenTwiceIsAProblem() {
        #expect(throws: ConfigProblems.self) { _ = try ConfigDocument.parse("db: a\ndb: b\n", path: "t.yaml") }
    }

    @Test func jsonFilesReadAsBefore() throws {
        let doc = try ConfigDocument.parse(
            #"{"api": "127.0.0.1:8083", "tasks": {"arn:aws:lambda:us-east-1:1:function:echo": "cat"}, "account": "123"}"#,
            path: "c.json")
        #expect(ConfigChecker.problems(in: doc).isEmpty)
        #expect(doc.value["tasks"]?["arn:aws:lambda:us-east-1:1:function:echo"]?.stringValue == "cat")
        #expect(doc.value["account"]?.stringValue == "123")
    }

    @Test func theFlatFunctionListIsNotChecked() throws {
        let doc = try ConfigDocument.parse(#"{"MyFunction": "lambdas/f.py"}"#, path: "lambdas.json")
        #expect(ConfigChecker.isFlatFunctionList(doc.value))
        #expect(ConfigChecker.problems(in: doc).isEmpty)
    }

    @Test func unquotedNumbersStayTextForTextSettings() throws {
        let doc = try ConfigDocument.parse("account: 000111\nworker: {concurrency: 3}\n", path: "t.yaml")
        #expect(doc.value["account"] == .string("000111"))
        #expect(doc.value["worker"]?["concurrency"] == .int(3))
    }

    @Test func theExampleConfigurationHoldsEverySetting() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../config/stepline.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let doc = try ConfigDocument.parse(text, path: url.path)
        #expect(ConfigChecker.problems(in: doc).isEmpty)
        for setting in SettingsSchema.settings {
            let key = setting.path.split(separator: ".").last.map(String.init) ?? setting.path
            #expect(text.contains("\(key):"), "config/stepline.yaml does not mention \(setting.path)")
        }
    }
}
