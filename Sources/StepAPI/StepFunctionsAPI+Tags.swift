import StepJSON
import StepLanguage
import StepService

/// TagResource, UntagResource and ListTagsForResource, for state machines and activities, as AWS has them.
extension StepFunctionsAPI {
    func tagResource(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("resourceArn")
        try ResourceArn.checkPrefix(arn)
        let tags = try Self.tagList(r["tags"], required: true)
        try await call { (s) throws(StoreError) in
            try Self.checkTaggable(s, arn)
            if Set(try s.tags(resourceArn: arn).map(\.key)).union(tags.map(\.key)).count > Self.maxTags {
                throw StoreError(.tooManyTags, "Too many tags: a resource has at most \(Self.maxTags) tags")
            }
            try s.tagResource(arn, tags: tags)
        }
        return .object(JSONObject())
    }

    func untagResource(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("resourceArn")
        try ResourceArn.checkPrefix(arn)
        guard case .array(let items)? = r["tagKeys"] else {
            throw APIError.validation(
                "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")
        }
        let keys = items.compactMap(\.stringValue)
        try await call { (s) throws(StoreError) in
            try Self.checkTaggable(s, arn)
            try s.untagResource(arn, keys: keys)
        }
        return .object(JSONObject())
    }

    func listTags(_ r: RequestFields) async throws(APIError) -> JSON {
        let arn = try r.string("resourceArn")
        try ResourceArn.checkPrefix(arn)
        let tags = try await read { (s) throws(StoreError) -> [ActivityTag] in
            try Self.checkTaggable(s, arn)
            return try s.tags(resourceArn: arn)
        }
        return ["tags": .array(tags.map { ["key": .string($0.key), "value": .string($0.value)] })]
    }

    static let maxTags = 50

    /// `tags`: a list of `{key, value}`; keys of 1 to 128 characters, values of at most 256.
    static func tagList(_ value: JSON?, required: Bool = false) throws(APIError) -> [ActivityTag] {
        guard let value, value != .null else {
            if required {
                throw APIError.validation(
                    "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null")
            }
            return []
        }
        guard case .array(let items) = value else { throw APIError("SerializationException", "'tags' must be a list") }
        var tags: [ActivityTag] = []
        for t in items {
            guard let k = t["key"]?.stringValue, !k.isEmpty, k.count <= 128 else {
                throw APIError.validation("A tag key is 1 to 128 characters")
            }
            let v = t["value"]?.stringValue ?? ""
            guard v.count <= 256 else { throw APIError.validation("A tag value is at most 256 characters") }
            tags.append(ActivityTag(key: k, value: v))
        }
        guard tags.count <= maxTags else {
            throw APIError("TooManyTags", "Too many tags: a resource has at most \(maxTags) tags")
        }
        return tags
    }

    /// Only state machines (not their versions or aliases) and activities carry tags.
    static func checkTaggable(_ s: any ExecutionStore, _ arn: String) throws(StoreError) {
        let parsed = ARN(parsing: arn)
        let names = parsed?.resourceComponents ?? []
        let found: Bool
        if names.count == 1, parsed?.resourceType == "stateMachine" {
            found = try s.stateMachine(name: names[0])?.arn == arn
        } else if names.count == 1, parsed?.resourceType == "activity" {
            found = try s.activity(arn: arn) != nil
        } else {
            found = false
        }
        guard found else { throw StoreError(.resourceNotFound, "Resource not found: '\(arn)'") }
    }
}
