import StepJSON

extension DefinitionParser {
    /// `ItemReader`: a resource, its `Parameters`/`Arguments` and a `ReaderConfig`.
    mutating func itemReader(_ v: JSON, at loc: String, language: QueryLanguage) -> ItemReaderSpec? {
        guard case .object(let o) = v else {
            error(.schemaValidationFailed, loc, "ItemReader must be an object")
            return nil
        }
        let argumentsField = language == .jsonata ? "Arguments" : "Parameters"
        checkFields(o, at: loc, allowed: ["Resource", argumentsField, "ReaderConfig"])
        guard let resource = o["Resource"]?.stringValue else {
            error(.schemaValidationFailed, "\(loc)/Resource", "ItemReader needs a Resource")
            return nil
        }
        let action = ItemReaderSpec.action(of: resource) ?? ""
        guard resource.hasPrefix("arn:aws:states:::s3:"), ["getObject", "listObjectsV2"].contains(action) else {
            error(
                .invalidResource, "\(loc)/Resource",
                "ItemReader supports arn:aws:states:::s3:getObject and arn:aws:states:::s3:listObjectsV2, not '\(resource)'")
            return nil
        }
        var config = JSONObject()
        var maxItems: DynamicValue?
        if let rc = o["ReaderConfig"] {
            guard case .object(let c) = rc else {
                error(.schemaValidationFailed, "\(loc)/ReaderConfig", "ReaderConfig must be an object")
                return nil
            }
            let cl = "\(loc)/ReaderConfig"
            checkFields(
                c, at: cl,
                allowed: [
                    "InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath",
                    "ManifestType",
                ])
            checkChoice(c, "InputType", ["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"], at: cl)
            checkChoice(c, "CSVHeaderLocation", ["FIRST_ROW", "GIVEN"], at: cl)
            checkChoice(c, "CSVDelimiter", ["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"], at: cl)
            if c["CSVHeaderLocation"]?.stringValue == "GIVEN" {
                guard case .array(let headers)? = c["CSVHeaders"], !headers.isEmpty,
                    headers.allSatisfy({ $0.stringValue != nil })
                else {
                    error(
                        .schemaValidationFailed, "\(cl)/CSVHeaders",
                        "CSVHeaders must be a non-empty array of strings when CSVHeaderLocation is GIVEN")
                    return nil
                }
            }
            // AWS accepts MaxItems up to 100,000,000 (0 reads every item).
            maxItems = dynamicNumber(c, "MaxItems", at: cl, language: language, maximum: 100_000_000)
            config = c
            config["MaxItems"] = nil
            config["MaxItemsPath"] = nil
        }
        let arguments = o[argumentsField].map { template($0, at: "\(loc)/\(argumentsField)", language: language) }
        return ItemReaderSpec(resource: resource, arguments: arguments, readerConfig: config, maxItems: maxItems)
    }

    /// `ItemBatcher`: `MaxItemsPerBatch`, `MaxInputBytesPerBatch` (or their paths) and `BatchInput`.
    mutating func itemBatcher(_ v: JSON, at loc: String, language: QueryLanguage) -> ItemBatcherSpec? {
        guard case .object(let o) = v else {
            error(.schemaValidationFailed, loc, "ItemBatcher must be an object")
            return nil
        }
        checkFields(
            o, at: loc,
            allowed: ["MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"])
        let items = dynamicNumber(o, "MaxItemsPerBatch", at: loc, language: language, minimum: 1)
        let bytes = dynamicNumber(o, "MaxInputBytesPerBatch", at: loc, language: language, minimum: 1)
        if items == nil, bytes == nil {
            error(
                .schemaValidationFailed, loc,
                "ItemBatcher needs MaxItemsPerBatch, MaxInputBytesPerBatch or one of their Path forms")
        }
        let batchInput = o["BatchInput"].map { template($0, at: "\(loc)/BatchInput", language: language) }
        return ItemBatcherSpec(maxItemsPerBatch: items, maxInputBytesPerBatch: bytes, batchInput: batchInput)
    }

    /// `ResultWriter`: `Resource` with `Parameters`/`Arguments`, a `WriterConfig`, or both.
    mutating func resultWriter(_ v: JSON, at loc: String, language: QueryLanguage) -> ResultWriterSpec? {
        guard case .object(let o) = v else {
            error(.schemaValidationFailed, loc, "ResultWriter must be an object")
            return nil
        }
        let argumentsField = language == .jsonata ? "Arguments" : "Parameters"
        checkFields(o, at: loc, allowed: ["Resource", argumentsField, "WriterConfig"])
        let resource = o["Resource"]?.stringValue
        if let r = resource, r != "arn:aws:states:::s3:putObject" {
            error(.invalidResource, "\(loc)/Resource", "ResultWriter supports arn:aws:states:::s3:putObject, not '\(r)'")
            return nil
        }
        if (resource == nil) != (o[argumentsField] == nil) {
            error(.schemaValidationFailed, loc, "ResultWriter needs both Resource and \(argumentsField), or neither")
            return nil
        }
        var transformation: String?
        var outputType: String?
        if let wc = o["WriterConfig"] {
            guard case .object(let c) = wc else {
                error(.schemaValidationFailed, "\(loc)/WriterConfig", "WriterConfig must be an object")
                return nil
            }
            checkFields(c, at: "\(loc)/WriterConfig", allowed: ["Transformation", "OutputType"])
            checkChoice(c, "Transformation", ["NONE", "COMPACT", "FLATTEN"], at: "\(loc)/WriterConfig")
            checkChoice(c, "OutputType", ["JSON", "JSONL"], at: "\(loc)/WriterConfig")
            transformation = c["Transformation"]?.stringValue
            outputType = c["OutputType"]?.stringValue
        } else if resource == nil {
            error(.schemaValidationFailed, loc, "ResultWriter cannot be empty")
            return nil
        }
        let arguments = o[argumentsField].map { template($0, at: "\(loc)/\(argumentsField)", language: language) }
        return ResultWriterSpec(resource: resource, arguments: arguments, transformation: transformation, outputType: outputType)
    }

    /// A string field that must be one of `allowed`.
    mutating func checkChoice(_ o: JSONObject, _ field: String, _ allowed: [String], at loc: String) {
        guard let v = o[field] else { return }
        guard let s = v.stringValue, allowed.contains(s) else {
            error(.schemaValidationFailed, "\(loc)/\(field)", "\(field) must be one of \(allowed.joined(separator: ", "))")
            return
        }
    }

    /// The item processor as a definition of its own, with its query language written out.
    static func processorDefinition(_ proc: JSONObject, language: QueryLanguage) -> JSON {
        var d = JSONObject(minimumCapacity: 4)
        d["QueryLanguage"] = .string(language.rawValue)
        for (k, v) in proc where k != "ProcessorConfig" && k != "QueryLanguage" { d[k] = v }
        return .object(d)
    }
}
