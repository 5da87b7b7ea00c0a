import Foundation
import StepJSON
import Testing

@testable import StepSettings

/// Precedence (flag > environment > file > default), secrets from files, masking and reload diffs.
@Suite struct EffectiveConfigurationTests {
    func file(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stepline-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("stepline.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let path = try file("api: 127.0.0.1:1000\nworker:\n  concurrency: 2\n  prefetch: 5\n")
        let env = ["STEPLINE_API": "127.0.0.1:2000", "STEPLINE_WORKER_CONCURRENCY": "3"]
        let c = try EffectiveConfiguration.load(file: path, environment: env, flags: ["api": "127.0.0.1:3000"])
        #expect(c.string("api") == "127.0.0.1:3000")
        #expect(c.origins["api"] == .flag("api"))
        #expect(c.int("worker.concurrency") == 3)
        #expect(c.origins["worker.concurrency"] == .environment("STEPLINE_WORKER_CONCURRENCY"))
        #expect(c.int("worker.prefetch") == 5)
        #expect(c.origins["worker.prefetch"] == .file(path))
        #expect(c.seconds("drain.gracePeriod") == 30)
        #expect(c.origins["drain.gracePeriod"] == nil)
    }

    @Test func environmentNamesFollowThePath() {
        #expect(SettingsSchema.setting("worker.concurrency")?.environmentVariable == "STEPLINE_WORKER_CONCURRENCY")
        #expect(SettingsSchema.setting("amqpURL")?.environmentVariable == "STEPLINE_AMQP_URL")
        #expect(SettingsSchema.setting("drain.gracePeriod")?.environmentVariable == "STEPLINE_DRAIN_GRACE_PERIOD")
        #expect(SettingsSchema.setting("functionsDirectory")?.environmentVariable == "STEPLINE_FUNCTIONS_DIRECTORY")
    }

    @Test func aBadEnvironmentValueIsNamed() throws {
        #expect {
            _ = try EffectiveConfiguration.load(file: nil, environment: ["STEPLINE_WORKER_CONCURRENCY": "many"])
        } throws: { error in
            (error as? ConfigProblems)?.description.contains("STEPLINE_WORKER_CONCURRENCY") == true
        }
    }

    @Test func relativePathsInAFileAreRelativeToIt() throws {
        let path = try file("db: data/app.db\n")
        let c = try EffectiveConfiguration.load(file: path, environment: [:])
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(c.string("db") == folder + "/data/app.db")
    }

    @Test func aSecretComesFromItsFile() throws {
        let secret = try file("amqp://u:s3cret@127.0.0.1:5672/\n")
        let path = try file("amqpURLFile: \(secret)\n")
        let c = try EffectiveConfiguration.load(file: path, environment: [:])
        #expect(c.string("amqpURL") == "amqp://u:s3cret@127.0.0.1:5672/")
        let fromEnv = try EffectiveConfiguration.load(file: nil, environment: ["STEPLINE_AMQP_URL_FILE": secret])
        #expect(fromEnv.string("amqpURL") == "amqp://u:s3cret@127.0.0.1:5672/")
        #expect(!c.renderedYAML().contains("s3cret"))
        #expect(c.renderedYAML().contains("amqp://u:****@127.0.0.1:5672/"))
    }

    @Test func aMissingSecretFileIsAProblem() throws {
        let path = try file("amqpURLFile: /nonexistent/secret\n")
        #expect(throws: ConfigProblems.self) { _ = try EffectiveConfiguration.load(file: path, environment: [:]) }
    }

    @Test func connectionSecretsAreMaskedInShow() throws {
        let path = try file(
            "connections:\n  c:\n    authorization: {type: BASIC, basicAuthParameters: {username: u, password: hunter2}}\n")
        let shown = try EffectiveConfiguration.load(file: path, environment: [:]).renderedYAML()
        #expect(!shown.contains("hunter2"))
        #expect(shown.contains("\"username\":\"u\""))
    }

    @Test func reloadSeesWhichReloadableSettingsChanged() throws {
        let old = try EffectiveConfiguration.load(file: try file("log: {level: info}\napi: 127.0.0.1:1\n"), environment: [:])
        let new = try EffectiveConfiguration.load(
            file: try file("log: {level: debug}\napi: 127.0.0.1:2\nrules: [{name: r, eventPattern: {}, stateMachine: m}]\n"),
            environment: [:])
        #expect(new.reloadableChanges(from: old) == ["log.level", "rules"])
        #expect(new.restartOnlyChanges(from: old) == ["api"])
    }
}
