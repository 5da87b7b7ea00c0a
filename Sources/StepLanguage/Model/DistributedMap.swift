import StepJSON

/// Where a Distributed Map reads its items from: an `ItemReader` calling `s3:getObject` (a file) or
/// `s3:listObjectsV2` (a listing), with AWS's `ReaderConfig`.
public struct ItemReaderSpec: Sendable {
    /// The reader's resource, e.g. `arn:aws:states:::s3:getObject`.
    public let resource: String
    /// `Parameters` (JSONPath) or `Arguments` (JSONata): `Bucket`, `Key`, `Prefix`, …
    public let arguments: Template?
    /// `ReaderConfig` with `MaxItems` taken out (it may be dynamic).
    public let readerConfig: JSONObject
    /// `MaxItems` or `MaxItemsPath`.
    public let maxItems: DynamicValue?

    /// The S3 action the resource names: `getObject` or `listObjectsV2`.
    public var action: String { Self.action(of: resource) ?? resource }

    /// The last non-empty part of the resource ARN's resource (`getObject` in `arn:aws:states:::s3:getObject`);
    /// nil when `resource` is not an ARN.
    static func action(of resource: String) -> String? {
        ARN(parsing: resource)?.resourceParts.last { !$0.isEmpty }
    }
}

/// A Distributed Map's `ItemBatcher`: how many items, or bytes, one child execution receives.
public struct ItemBatcherSpec: Sendable {
    public let maxItemsPerBatch: DynamicValue?
    public let maxInputBytesPerBatch: DynamicValue?
    /// `BatchInput`: a fixed object added to every batch.
    public let batchInput: Template?
}

/// A Distributed Map's `ResultWriter`: where child results are exported, and in what form.
public struct ResultWriterSpec: Sendable {
    /// `arn:aws:states:::s3:putObject`, or `nil` when only `WriterConfig` is given.
    public let resource: String?
    /// `Parameters` (JSONPath) or `Arguments` (JSONata): `Bucket`, `Prefix`.
    public let arguments: Template?
    /// `WriterConfig.Transformation`: `NONE`, `COMPACT` or `FLATTEN`; `nil` when not given.
    public let transformation: String?
    /// `WriterConfig.OutputType`: `JSON` or `JSONL`; `nil` when not given.
    public let outputType: String?
}
