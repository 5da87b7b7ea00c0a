import StepJSON
import StepLanguage

/// A slice of a map run's children, sent to one worker as one job: the child definition and each
/// child's index and input. Batching children into jobs is transport only; it is not `ItemBatcher`.
public struct MapBatch: Sendable, Equatable {
    /// The resource of the job that runs a batch.
    public static let resource = "stepline:mapBatch"

    public var mapRunArn: String
    /// `STANDARD` or `EXPRESS`.
    public var executionType: StateMachineType
    public var definition: JSON
    public var children: [Child]

    /// One child execution to run.
    public struct Child: Sendable, Equatable {
        public var index: Int
        public var input: JSON
        /// How many items it stands for (its `ItemBatcher` batch size, else 1): what its failure counts.
        public var itemCount: Int

        public init(index: Int, input: JSON, itemCount: Int = 1) {
            self.index = index
            self.input = input
            self.itemCount = itemCount
        }
    }

    public init(mapRunArn: String, executionType: StateMachineType, definition: JSON, children: [Child]) {
        self.mapRunArn = mapRunArn
        self.executionType = executionType
        self.definition = definition
        self.children = children
    }

    public var json: JSON {
        var o = JSONObject(minimumCapacity: 4)
        o["mapRunArn"] = .string(mapRunArn)
        o["executionType"] = .string(executionType.rawValue)
        o["definition"] = definition
        o["children"] = .array(children.map { .array([.int($0.index), $0.input]) })
        return .object(o)
    }

    public init?(json: JSON) {
        guard let arn = json["mapRunArn"]?.stringValue,
            let type = json["executionType"]?.stringValue.flatMap(StateMachineType.init(rawValue:)),
            let definition = json["definition"], let list = json["children"]?.arrayValue
        else { return nil }
        var children: [Child] = []
        children.reserveCapacity(list.count)
        for c in list {
            guard case .array(let pair) = c, pair.count == 2, let index = pair[0].intValue else { return nil }
            children.append(Child(index: index, input: pair[1]))
        }
        self.init(mapRunArn: arn, executionType: type, definition: definition, children: children)
    }
}

/// How one child execution ended.
public struct ChildResult: Sendable, Equatable {
    public var index: Int
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    public var status: String
    public var output: JSON?
    public var error: String?
    public var cause: String?
    public var name: String
    public var startMillis: Int
    public var stopMillis: Int

    public init(
        index: Int, status: String, output: JSON?, error: String?, cause: String?, name: String, startMillis: Int,
        stopMillis: Int
    ) {
        self.index = index
        self.status = status
        self.output = output
        self.error = error
        self.cause = cause
        self.name = name
        self.startMillis = startMillis
        self.stopMillis = stopMillis
    }

    public var succeeded: Bool { status == "SUCCEEDED" }

    public var json: JSON {
        var o = JSONObject(minimumCapacity: 8)
        o["i"] = .int(index)
        o["s"] = .string(status)
        if let output { o["o"] = output }
        if let error { o["e"] = .string(error) }
        if let cause { o["c"] = .string(cause) }
        o["n"] = .string(name)
        o["t0"] = .int(startMillis)
        o["t1"] = .int(stopMillis)
        return .object(o)
    }

    public init?(json: JSON) {
        guard let index = json["i"]?.intValue, let status = json["s"]?.stringValue, let name = json["n"]?.stringValue
        else { return nil }
        self.init(
            index: index, status: status, output: json["o"], error: json["e"]?.stringValue, cause: json["c"]?.stringValue,
            name: name, startMillis: json["t0"]?.intValue ?? 0, stopMillis: json["t1"]?.intValue ?? 0)
    }

    /// A batch job's answer: one result per child.
    public static func list(_ json: JSON) -> [ChildResult]? {
        guard let a = json.arrayValue else { return nil }
        var out: [ChildResult] = []
        out.reserveCapacity(a.count)
        for r in a {
            guard let c = ChildResult(json: r) else { return nil }
            out.append(c)
        }
        return out
    }
}
