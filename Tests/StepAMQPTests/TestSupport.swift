import Foundation
import StepAMQP
import Testing

/// The broker the tests use: `STEPLINE_AMQP_URL`, or RabbitMQ's defaults on loopback.
enum TestBroker {
    static let urlString = ProcessInfo.processInfo.environment["STEPLINE_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"

    static var url: AMQPURL {
        get throws { try AMQPURL(urlString) }
    }

    /// Whether a broker answers (checked once, with a short timeout).
    static let available: Bool = {
        guard let url = try? AMQPURL(urlString),
            let connection = try? AMQPConnection(url: url, options: options(connectTimeout: .seconds(2)))
        else { return false }
        connection.close()
        return true
    }()

    static let skipReason: Comment = "no RabbitMQ broker at STEPLINE_AMQP_URL or 127.0.0.1:5672 (start one: scripts/rabbitmq start)"

    static func options(name: String? = nil, connectTimeout: Duration = .seconds(5)) -> AMQPConnectionOptions {
        AMQPConnectionOptions(heartbeat: 30, connectTimeout: connectTimeout, rpcTimeout: .seconds(10), connectionName: name)
    }

    /// A connection with channel 1 open.
    static func connect(name: String? = nil) throws -> AMQPConnection {
        let connection = try AMQPConnection(url: url, options: options(name: name))
        try connection.openChannel(1)
        return connection
    }

    /// A name no other test run uses.
    static func unique(_ prefix: String) -> String {
        "stepline-test-\(prefix)-\(UInt64.random(in: 0..<UInt64.max).hex)"
    }

    /// Deletes test queues and exchanges (best effort).
    static func cleanUp(queues: [String] = [], exchanges: [String] = []) {
        guard let connection = try? connect() else { return }
        defer { connection.close() }
        for queue in queues {
            do { try connection.queueDelete(queue) } catch { reopen(connection) }
        }
        for exchange in exchanges {
            do { try connection.exchangeDelete(exchange) } catch { reopen(connection) }
        }
    }

    private static func reopen(_ connection: AMQPConnection) {
        if !connection.openChannels.contains(1) { try? connection.openChannel(1) }
    }

    /// Ready messages in a queue (passive-ish: declares it durable as the tests do).
    static func messageCount(_ queue: String, arguments: [String: AMQPFieldValue] = [:]) throws -> UInt32 {
        let connection = try connect()
        defer { connection.close() }
        return try connection.queueDeclare(queue, arguments: arguments).messageCount
    }

    /// What ``forceClose(connectionNamed:)`` did.
    enum ForceClose { case closed, noRabbitmqctl, notFound }

    /// Closes the broker side of the connection named `name` with `rabbitmqctl close_connection`.
    static func forceClose(connectionNamed name: String) -> ForceClose {
        guard let listing = run(["rabbitmqctl", "-q", "list_connections", "pid", "client_properties"]) else {
            return .noRabbitmqctl
        }
        for line in listing.split(separator: "\n") where line.contains("\"\(name)\"") {
            guard let pid = line.split(separator: "\t").first else { continue }
            let closed = run(["rabbitmqctl", "-q", "close_connection", String(pid), "stepline test: forced close"])
            return closed == nil ? .notFound : .closed
        }
        return .notFound
    }

    /// Whether the broker lists a connection named `name` (`nil` without rabbitmqctl).
    /// Asks `rabbitmqctl` (slow: it starts an Erlang VM) on a dispatch thread, so that the test runner's
    /// cooperative threads stay free.
    static func connectionExists(named name: String) async -> Bool? {
        let listing = await withCheckedContinuation { c in
            DispatchQueue.global().async { c.resume(returning: run(["rabbitmqctl", "-q", "list_connections", "client_properties"])) }
        }
        guard let listing else { return nil }
        return listing.contains("\"\(name)\"")
    }

    static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// A 190-byte JSON body like the benchmark's.
    static func body(_ seq: Int) -> [UInt8] {
        let head = "{\"executionArn\":\"arn:aws:states:local:000000000000:execution:w4-five-pass:"
        var text = head + String(repeating: "x", count: 36) + "\",\"input\":{\"order\":42},\"seq\":\(seq),\"pad\":\""
        text += String(repeating: "y", count: max(0, 190 - text.utf8.count - 2)) + "\"}"
        return Array(text.utf8)
    }
}

extension UInt64 {
    var hex: String { String(self, radix: 16) }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
