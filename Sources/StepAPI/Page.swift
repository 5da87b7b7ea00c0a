import StepJSON

/// `maxResults` and `nextToken` of a List action: the token is the offset of the next page.
struct Page {
    var offset: Int
    var size: Int

    /// `tokenLimit`: the longest `nextToken` the action takes (1,024; ListExecutions 3,096).
    init(_ r: RequestFields, defaultSize: Int = 100, maxSize: Int = 1000, tokenLimit: Int = 1024) throws(APIError) {
        size = try r.int("maxResults") ?? 0
        if size > maxSize {
            throw APIError.validation(
                "1 validation error detected: Value '\(size)' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to \(maxSize)"
            )
        }
        if size <= 0 { size = defaultSize }
        offset = 0
        if let token = try r.optionalString("nextToken") {
            if token.count > tokenLimit {
                throw APIError.validation(
                    "1 validation error detected: Value '\(token)' at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to \(tokenLimit)"
                )
            }
            guard let o = Int(token), o >= 0 else { throw APIError("InvalidToken", "Invalid Token: 'Invalid token'") }
            offset = o
        }
    }

    /// This page of `all`, and the token of the next one when there is more.
    func slice<T>(_ all: [T]) -> ([T], String?) {
        guard offset < all.count else { return ([], nil) }
        let end = min(all.count, offset + size)
        return (Array(all[offset..<end]), end < all.count ? String(end) : nil)
    }

    /// A List action's answer: this page of `all` under `key`, each item rendered, and `nextToken` when
    /// there is more.
    func answer<T>(_ key: String, _ all: [T], _ render: (T) -> JSON) -> JSON {
        let (items, next) = slice(all)
        var o: JSONObject = [key: .array(items.map(render))]
        if let next { o["nextToken"] = .string(next) }
        return .object(o)
    }
}
