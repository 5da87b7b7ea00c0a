import StepJSON

extension DefinitionParser {
    mutating func taskKind(_ o: JSONObject, at loc: String, language: QueryLanguage) -> StateKind? {
        guard let resource = o["Resource"]?.stringValue, !resource.isEmpty else {
            error(.schemaValidationFailed, "\(loc)/Resource", "The field 'Resource' is required and must be a string")
            return nil
        }
        if !resource.hasPrefix("arn:") {
            error(.invalidResource, "\(loc)/Resource", "Invalid resource: \(resource)")
        }
        let timeout = dynamicNumber(o, "TimeoutSeconds", at: loc, language: language, minimum: 1)
        let heartbeat = dynamicNumber(o, "HeartbeatSeconds", at: loc, language: language, minimum: 1)
        if case .literal(let t)? = timeout, case .literal(let h)? = heartbeat, let ti = t.intValue, let hi = h.intValue,
            hi >= ti
        {
            error(.schemaValidationFailed, "\(loc)/HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds")
        }
        return .task(TaskSpec(resource: resource, timeoutSeconds: timeout, heartbeatSeconds: heartbeat, credentials: o["Credentials"]))
    }

    mutating func waitKind(_ o: JSONObject, at loc: String, language: QueryLanguage) -> StateKind? {
        let fields = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"].filter { o[$0] != nil }
        guard fields.count == 1, let field = fields.first, let v = o[field] else {
            error(.schemaValidationFailed, loc, "A Wait state must have exactly one of Seconds, SecondsPath, Timestamp or TimestampPath")
            return nil
        }
        let fl = "\(loc)/\(field)"
        switch field {
        case "Seconds":
            if case .string(let s) = v, language == .jsonata, Self.isJSONataExpression(s) {
                return .wait(.seconds(.template(template(v, at: fl, language: language))))
            }
            guard let n = v.intValue, v.isNumber, n >= 0 else {
                error(.schemaValidationFailed, fl, "Seconds must be a non-negative integer")
                return nil
            }
            return .wait(.seconds(.literal(.int(n))))
        case "Timestamp":
            guard let s = v.stringValue else {
                error(.schemaValidationFailed, fl, "Timestamp must be a string")
                return nil
            }
            if language == .jsonata, Self.isJSONataExpression(s) {
                return .wait(.timestamp(.template(template(v, at: fl, language: language))))
            }
            guard Timestamp.parse(s) != nil else {
                error(.schemaValidationFailed, fl, "Timestamp must be an ISO-8601 extended offset date-time: \(s)")
                return nil
            }
            return .wait(.timestamp(.literal(v)))
        case "SecondsPath":
            guard let p = path(v, at: fl) else { return nil }
            return .wait(.seconds(.path(p)))
        default:
            guard let p = path(v, at: fl) else { return nil }
            return .wait(.timestamp(.path(p)))
        }
    }

    mutating func failKind(_ o: JSONObject, at loc: String, language: QueryLanguage) -> StateKind? {
        func field(_ name: String, _ parser: inout DefinitionParser) -> DynamicValue? {
            if let v = o[name] {
                if o[name + "Path"] != nil {
                    parser.error(.schemaValidationFailed, loc, "'\(name)' and '\(name)Path' cannot both be set")
                }
                guard case .string(let s) = v else {
                    parser.error(.schemaValidationFailed, "\(loc)/\(name)", "\(name) must be a string")
                    return nil
                }
                if language == .jsonata, Self.isJSONataExpression(s) {
                    return .template(parser.template(v, at: "\(loc)/\(name)", language: language))
                }
                return .literal(v)
            }
            if let v = o[name + "Path"] {
                guard let s = v.stringValue else {
                    parser.error(.schemaValidationFailed, "\(loc)/\(name)Path", "\(name)Path must be a string")
                    return nil
                }
                if IntrinsicCall.looksLikeCall(s) {
                    return .template(parser.dynamicLeaf(v, field: name + "Path", at: "\(loc)/\(name)Path"))
                }
                guard let p = parser.path(v, at: "\(loc)/\(name)Path") else { return nil }
                return .path(p)
            }
            return nil
        }
        let e = field("Error", &self)
        let c = field("Cause", &self)
        return .fail(FailSpec(error: e, cause: c))
    }

    mutating func parallelKind(_ o: JSONObject, at loc: String, language: QueryLanguage) -> StateKind? {
        guard case .array(let branches)? = o["Branches"], !branches.isEmpty else {
            error(.schemaValidationFailed, "\(loc)/Branches", "Branches must be a non-empty array")
            return nil
        }
        var indexes: [Int] = []
        for (i, b) in branches.enumerated() {
            let bl = "\(loc)/Branches/\(i)"
            guard case .object(let bo) = b else {
                error(.schemaValidationFailed, bl, "A branch must be an object")
                continue
            }
            checkFields(bo, at: bl, allowed: ["StartAt", "States", "Comment", "QueryLanguage"])
            let bLang = queryLanguage(bo, at: bl, inherited: language) ?? language
            indexes.append(parseProcessor(bo, at: bl, language: bLang))
        }
        return .parallel(ParallelSpec(branches: indexes))
    }

    mutating func mapKind(_ o: JSONObject, at loc: String, language: QueryLanguage) -> StateKind? {
        guard let head = mapProcessorHead(o, at: loc, language: language) else { return nil }
        let processor = parseProcessor(head.object, at: head.location, language: head.language)
        return mapRest(o, at: loc, language: language, head: head, processor: processor)
    }

    /// A Map's item processor as its ProcessorConfig describes it, before its states are parsed.
    struct MapProcessorHead {
        var object: JSONObject
        var location: String
        var language: QueryLanguage
        var mode: MapMode
        var executionType: StateMachineType?
    }

    @inline(never)
    mutating func mapProcessorHead(_ o: JSONObject, at loc: String, language: QueryLanguage) -> MapProcessorHead? {
        let procField = o["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
        guard case .object(let proc)? = o[procField] else {
            error(.schemaValidationFailed, "\(loc)/ItemProcessor", "A Map state needs an ItemProcessor object")
            return nil
        }
        if o["ItemProcessor"] != nil, o["Iterator"] != nil {
            error(.schemaValidationFailed, loc, "'ItemProcessor' and 'Iterator' cannot both be set")
        }
        let pl = "\(loc)/\(procField)"
        checkFields(proc, at: pl, allowed: ["StartAt", "States", "Comment", "ProcessorConfig", "QueryLanguage"])
        var mode = MapMode.inline
        var executionType: StateMachineType?
        if let cfg = proc["ProcessorConfig"] {
            guard case .object(let c) = cfg else {
                error(.schemaValidationFailed, "\(pl)/ProcessorConfig", "ProcessorConfig must be an object")
                return nil
            }
            checkFields(c, at: "\(pl)/ProcessorConfig", allowed: ["Mode", "ExecutionType"])
            if let m = c["Mode"] {
                guard let ms = m.stringValue, let mm = MapMode(rawValue: ms) else {
                    error(.schemaValidationFailed, "\(pl)/ProcessorConfig/Mode", "Mode must be INLINE or DISTRIBUTED")
                    return nil
                }
                mode = mm
            }
            if let et = c["ExecutionType"] {
                guard let s = et.stringValue, let type = StateMachineType(rawValue: s) else {
                    error(.schemaValidationFailed, "\(pl)/ProcessorConfig/ExecutionType", "ExecutionType must be STANDARD or EXPRESS")
                    return nil
                }
                executionType = type
            }
        }
        if mode == .distributed, executionType == nil, o["ItemProcessor"] != nil {
            error(.schemaValidationFailed, "\(pl)/ProcessorConfig", "ExecutionType is required when Mode is DISTRIBUTED")
        }
        let pLang = queryLanguage(proc, at: pl, inherited: language) ?? language
        return MapProcessorHead(object: proc, location: pl, language: pLang, mode: mode, executionType: executionType)
    }

    /// The rest of a Map state, once its processor is parsed.
    @inline(never)
    mutating func mapRest(
        _ o: JSONObject, at loc: String, language: QueryLanguage, head: MapProcessorHead, processor: Int
    ) -> StateKind? {
        let mode = head.mode
        let executionType = head.executionType
        let proc = head.object
        let pLang = head.language
        if o["ItemSelector"] != nil, o["Parameters"] != nil {
            error(.schemaValidationFailed, loc, "'ItemSelector' and 'Parameters' cannot both be set")
        }
        let selectorField = o["ItemSelector"] != nil ? "ItemSelector" : "Parameters"
        let selector = o[selectorField].map { template($0, at: "\(loc)/\(selectorField)", language: language) }
        if mode == .inline {
            for f in ["ItemReader", "ItemBatcher", "ResultWriter", "Label"] where o[f] != nil {
                error(.schemaValidationFailed, "\(loc)/\(f)", "The field '\(f)' requires a DISTRIBUTED ItemProcessor")
            }
        }
        var tolerated: DynamicValue?
        var percentage: DynamicValue?
        if let v = o["ToleratedFailurePercentage"] {
            if case .string(let s) = v, language == .jsonata, Self.isJSONataExpression(s) {
                percentage = .template(template(v, at: "\(loc)/ToleratedFailurePercentage", language: language))
            } else if let x = v.doubleValue, x >= 0, x <= 100 {
                percentage = .literal(v)
            } else {
                error(
                    .schemaValidationFailed, "\(loc)/ToleratedFailurePercentage",
                    "ToleratedFailurePercentage must be a number between 0 and 100")
            }
        } else if let v = o["ToleratedFailurePercentagePath"], let p = path(v, at: "\(loc)/ToleratedFailurePercentagePath") {
            percentage = .path(p)
        }
        tolerated = dynamicNumber(o, "ToleratedFailureCount", at: loc, language: language)
        var itemsTemplate: Template?
        if let items = o["Items"] { itemsTemplate = template(items, at: "\(loc)/Items", language: language) }
        let reader = o["ItemReader"].flatMap { itemReader($0, at: "\(loc)/ItemReader", language: language) }
        let batcher = o["ItemBatcher"].flatMap { itemBatcher($0, at: "\(loc)/ItemBatcher", language: language) }
        let writer = o["ResultWriter"].flatMap { resultWriter($0, at: "\(loc)/ResultWriter", language: language) }
        if let label = o["Label"] {
            guard let s = label.stringValue, !s.isEmpty, s.count <= 40,
                !s.contains(where: { " <>{}[]?*\"#%\\^|~`$&,;:/".contains($0) || $0.isWhitespace })
            else {
                error(.schemaValidationFailed, "\(loc)/Label", "Label must be 1 to 40 characters without whitespace or special characters")
                return nil
            }
        }
        return .map(
            MapSpec(
                processor: processor, mode: mode, executionType: executionType,
                itemsPath: optionalPath(o, "ItemsPath", at: loc), items: itemsTemplate, itemSelector: selector,
                itemSelectorSource: o[selectorField],
                maxConcurrency: dynamicNumber(o, "MaxConcurrency", at: loc, language: language),
                toleratedFailureCount: tolerated, toleratedFailurePercentage: percentage, itemReader: reader,
                itemBatcher: batcher, resultWriter: writer, label: o["Label"]?.stringValue,
                processorDefinition: Self.processorDefinition(proc, language: pLang)))
    }
}
