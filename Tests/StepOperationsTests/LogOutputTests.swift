import Foundation
import Logging
import Testing

@testable import StepOperations

/// Log lines as journald and people read them.
@Suite struct LogOutputTests {
    @Test func jsonLinesCarryMetadataAndEscapeText() throws {
        let line = StepLogHandler.jsonLine(
            level: .notice, message: "execution \"ended\"\n", metadata: ["execution": "arn:x", "stateMachine": "orders"],
            label: "stepline.service")
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["message"] as? String == "execution \"ended\"\n")
        #expect(object?["level"] as? String == "notice")
        #expect(object?["execution"] as? String == "arn:x")
        #expect(object?["stateMachine"] as? String == "orders")
        #expect((object?["time"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func humanLinesPutMetadataAfterTheMessage() {
        let line = StepLogHandler.humanLine(level: .info, message: "ready", metadata: ["database": "/x.db"])
        #expect(line.hasSuffix(" info    ready database=/x.db"))
    }

    @Test func theLevelIsSharedAndKeepsTheLastProblem() {
        let control = LogLevelControl(.info)
        var handler = StepLogHandler(label: "t", format: .json, control: control)
        handler.logLevel = .debug
        #expect(control.current == .debug)
        #expect(control.lastProblem == nil)
        _ = handler
    }
}
