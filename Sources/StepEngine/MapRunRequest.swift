import StepJSON
import StepLanguage

/// What a Distributed Map hands to its map-run coordinator: where the items come from, how to select
/// and batch them, what each child execution runs, the limits, and where results go.
///
/// The engine builds it with every path and expression of the Map state already evaluated, except
/// `ItemSelector`, which depends on each item: that comes as written, with the context and variables
/// it may read. The coordinator needs nothing else from the parent execution. It travels as the
/// `input` of a `TaskRequest` whose resource is `MapRunRequest.resource`.
public struct MapRunRequest: Sendable, Equatable {
    /// The resource of the task that stands for a map run.
    public static let resource = "stepline:mapRun"

    public var mapRunArn: String
    public var executionArn: String
    public var stateMachineArn: String
    public var stateName: String
    public var label: String?
    /// `STANDARD` or `EXPRESS`: the child executions' type.
    public var executionType: StateMachineType
    /// The item processor as a definition of its own.
    public var childDefinition: JSON
    /// The items, when they come from the state input (`ItemsPath`/`Items`); `nil` with an `ItemReader`.
    public var items: [JSON]?
    /// `{"Resource", "Arguments", "ReaderConfig"}`, evaluated (`MaxItems` included in `ReaderConfig`).
    public var reader: JSON?
    /// `ItemSelector` as written, its query language, and what it reads besides the item.
    public var selector: JSON?
    public var selectorLanguage: QueryLanguage
    public var context: JSON
    public var variables: JSONObject
    public var effectiveInput: JSON
    /// `ItemBatcher`, evaluated.
    public var maxItemsPerBatch: Int?
    public var maxInputBytesPerBatch: Int?
    public var batchInput: JSON?
    /// `ResultWriter`, evaluated: `Bucket` and `Prefix` (when exporting), `Transformation`, `OutputType`.
    public var writer: JSON?
    /// 0 when unlimited (AWS then runs up to 10,000 children at once).
    public var maxConcurrency: Int
    public var toleratedFailureCount: Int?
    public var toleratedFailurePercentage: Double?

    public init(
        mapRunArn: String, executionArn: String, stateMachineArn: String, stateName: String, label: String?,
        executionType: StateMachineType, childDefinition: JSON, items: [JSON]?, reader: JSON?, selector: JSON?,
        selectorLanguage: QueryLanguage, context: JSON, variables: JSONObject, effectiveInput: JSON,
        maxItemsPerBatch: Int?, maxInputBytesPerBatch: Int?, batchInput: JSON?, writer: JSON?, maxConcurrency: Int,
        toleratedFailureCount: Int?, toleratedFailurePercentage: Double?
    ) {
        self.mapRunArn = mapRunArn
        self.executionArn = executionArn
        self.stateMachineArn = stateMachineArn
        self.stateName = stateName
        self.label = label
        self.executionType = executionType
        self.childDefinition = childDefinition
        self.items = items
        self.reader = reader
        self.selector = selector
        self.selectorLanguage = selectorLanguage
        self.context = context
        self.variables = variables
        self.effectiveInput = effectiveInput
        self.maxItemsPerBatch = maxItemsPerBatch
        self.maxInputBytesPerBatch = maxInputBytesPerBatch
        self.batchInput = batchInput
        self.writer = writer
        self.maxConcurrency = maxConcurrency
        self.toleratedFailureCount = toleratedFailureCount
        self.toleratedFailurePercentage = toleratedFailurePercentage
    }

    public var json: JSON {
        var o = JSONObject(minimumCapacity: 22)
        o["mapRunArn"] = .string(mapRunArn)
        o["executionArn"] = .string(executionArn)
        o["stateMachineArn"] = .string(stateMachineArn)
        o["stateName"] = .string(stateName)
        if let label { o["label"] = .string(label) }
        o["executionType"] = .string(executionType.rawValue)
        o["childDefinition"] = childDefinition
        if let items { o["items"] = .array(items) }
        if let reader { o["reader"] = reader }
        if let selector { o["selector"] = selector }
        o["selectorLanguage"] = .string(selectorLanguage.rawValue)
        o["context"] = context
        o["variables"] = .object(variables)
        o["effectiveInput"] = effectiveInput
        if let maxItemsPerBatch { o["maxItemsPerBatch"] = .int(maxItemsPerBatch) }
        if let maxInputBytesPerBatch { o["maxInputBytesPerBatch"] = .int(maxInputBytesPerBatch) }
        if let batchInput { o["batchInput"] = batchInput }
        if let writer { o["writer"] = writer }
        o["maxConcurrency"] = .int(maxConcurrency)
        if let toleratedFailureCount { o["toleratedFailureCount"] = .int(toleratedFailureCount) }
        if let toleratedFailurePercentage { o["toleratedFailurePercentage"] = .double(toleratedFailurePercentage) }
        return .object(o)
    }

    public init?(json: JSON) {
        guard let arn = json["mapRunArn"]?.stringValue, let exec = json["executionArn"]?.stringValue,
            let machine = json["stateMachineArn"]?.stringValue, let stateName = json["stateName"]?.stringValue,
            let type = json["executionType"]?.stringValue.flatMap(StateMachineType.init(rawValue:)), let child = json["childDefinition"],
            let language = json["selectorLanguage"]?.stringValue.flatMap(QueryLanguage.init(rawValue:))
        else { return nil }
        var variables = JSONObject()
        if case .object(let v)? = json["variables"] { variables = v }
        self.init(
            mapRunArn: arn, executionArn: exec, stateMachineArn: machine, stateName: stateName,
            label: json["label"]?.stringValue, executionType: type, childDefinition: child,
            items: json["items"]?.arrayValue, reader: json["reader"], selector: json["selector"],
            selectorLanguage: language, context: json["context"] ?? .null, variables: variables,
            effectiveInput: json["effectiveInput"] ?? .null, maxItemsPerBatch: json["maxItemsPerBatch"]?.intValue,
            maxInputBytesPerBatch: json["maxInputBytesPerBatch"]?.intValue, batchInput: json["batchInput"],
            writer: json["writer"], maxConcurrency: json["maxConcurrency"]?.intValue ?? 0,
            toleratedFailureCount: json["toleratedFailureCount"]?.intValue,
            toleratedFailurePercentage: json["toleratedFailurePercentage"]?.doubleValue)
    }
}
