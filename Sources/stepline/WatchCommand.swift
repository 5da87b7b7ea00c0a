import ArgumentParser
import Foundation
import Logging
import StepAMQPBroker
import StepDaemon
import StepJSON
import StepLanguage
import StepOperations
import StepServe

/// `stepline watch DIR`: publishes an EventBridge "Object Created" event on the start queue for each file
/// that lands in a folder (a local stand-in for S3's EventBridge notifications), so that a rule in the
/// daemon's configuration starts a workflow per file.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Publish an EventBridge \"Object Created\" event to the start queue for each file that lands in a folder.",
        discussion: """
            A file counts as landed once its size and modification time hold still for one poll; names starting \
            with '.' or ending in .tmp or .part are skipped (write there, then rename). The event names the bucket \
            (--bucket, the folder's name by default) and the key (the file's path inside the folder); its id is \
            derived from the key, size and time, so a restarted watcher sends the same id again.
            """)

    @Argument(help: "The folder to watch (its subfolders too).") var directory: String
    @Option(name: .customLong("amqp-url"), help: "The broker (default: amqpURL in the configuration).") var amqpURL: String?
    @Option(help: "The bucket name in the events (default: the folder's name).") var bucket: String?
    @Option(name: .customLong("event-source"), help: "The events' source.") var eventSource = "aws.s3"
    @Option(help: "The queue to publish to (default: queues.start in the configuration, else stepline.start).") var queue: String?
    @Option(help: "The configuration file (default $STEPLINE_CONFIG).") var config: String?
    @Option(help: "Seconds between looks at the folder.") var poll = 0.5
    @Flag(help: "Also publish the files already there when the watch starts.") var existing = false
    @Flag(help: "Publish what has landed by the second look, then exit.") var once = false

    func run() async throws {
        try await clientCommand {
            let path = ServiceConfig.path(config)
            let settings = try ServiceConfig.load(path, flags: ["amqpURL": amqpURL])
            _ = ProcessLogging.bootstrap(level: settings.string("log.level"), format: settings.string("log.format"))
            let logger = Logger(label: "stepline.watch")
            guard let url = settings.string("amqpURL") else {
                throw CLIFailure("--amqp-url URL is required (or amqpURL in the configuration, or STEPLINE_AMQP_URL)")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIFailure("'\(directory)' is not a folder")
            }
            let root = URL(fileURLWithPath: directory).standardizedFileURL
            let bucketName = bucket ?? root.lastPathComponent
            let topology = try DaemonConfig.load(path).topology
            let target = queue ?? topology.startQueue
            let broker = try AMQPBroker(url: url, topology: topology)
            try await broker.connectOnce()
            let region = settings.string("region") ?? "us-east-1"
            let account = settings.string("account") ?? "111111111111"
            var seen = existing ? [:] : Self.scan(root)
            var pending: [String: FileState] = [:]
            logger.notice("watching", metadata: ["folder": .string(root.path), "bucket": .string(bucketName), "queue": .string(target)])
            var looks = 0
            while !Task.isCancelled {
                looks += 1
                let now = Self.scan(root)
                for (key, state) in now where seen[key] != state {
                    if pending[key] == state {
                        // Still for one poll: landed.
                        let event = Self.event(
                            key: key, state: state, bucket: bucketName, source: eventSource, region: region, account: account)
                        do {
                            try await broker.publish(
                                BrokerMessage(
                                    exchange: "", routingKey: target, body: Array(event.serialized().utf8),
                                    messageId: event["id"]?.stringValue, mandatory: true))
                            seen[key] = state
                            pending[key] = nil
                            logger.info("published Object Created", metadata: ["key": .string(key), "size": "\(state.size)"])
                            print(key)
                        } catch {
                            logger.warning("cannot publish the event for \(key): \(error); trying again")
                        }
                    } else {
                        pending[key] = state
                    }
                }
                for key in seen.keys where now[key] == nil { seen[key] = nil }
                if once && looks >= 2 && pending.isEmpty { break }
                if once && looks >= 20 { break }
                try? await Task.sleep(for: .milliseconds(Int(poll * 1000)))
            }
            await broker.close()
        }
    }

    /// A file's size and modification time, as two looks compare them.
    struct FileState: Equatable {
        var size: Int
        var modified: Double
    }

    /// Every file below `root` that is not being written (`.name`, `*.tmp`, `*.part`), by key.
    static func scan(_ root: URL) -> [String: FileState] {
        var out: [String: FileState] = [:]
        guard
            let walker = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey])
        else { return out }
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part") { continue }
            guard let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]),
                values.isRegularFile == true
            else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            out[String(path.dropFirst(prefix.count))] = FileState(
                size: values.fileSize ?? 0, modified: values.contentModificationDate?.timeIntervalSince1970 ?? 0)
        }
        return out
    }

    /// EventBridge's S3 "Object Created" event.
    static func event(key: String, state: FileState, bucket: String, source: String, region: String, account: String) -> JSON {
        let time = Date(timeIntervalSince1970: state.modified)
        let formatter = ISO8601DateFormatter()
        let id = StableName.uuid("\(bucket)/\(key)/\(state.size)/\(state.modified)")
        return [
            "version": "0", "id": .string(id), "detail-type": "Object Created", "source": .string(source),
            "account": .string(account), "time": .string(formatter.string(from: time)), "region": .string(region),
            "resources": [.string("arn:aws:s3:::\(bucket)")],
            "detail": [
                "version": "0", "bucket": ["name": .string(bucket)],
                "object": [
                    "key": .string(key), "size": .int(state.size), "sequencer": .string(String(Int(state.modified * 1000), radix: 16)),
                ],
                "request-id": .string(id), "requester": .string(account), "reason": "PutObject",
            ],
        ]
    }
}
