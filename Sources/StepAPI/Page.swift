import StepJSON

/// `maxResults` and `nextToken` of a List action: the token is the offset of the next page.
struct Page {
    var offset: Int
    var size: Int

    init(_ r: RequestFields, defaultSize: Int = 100, maxSize: Int = 1000) throws(APIError) {
        size = try r.int("maxResults") ?? 0
        if size <= 0 { size = defaultSize }
        size = min(size, maxSize)
        offset = 0
        if let token = try r.optionalString("nextToken") {
            guard let o = Int(token), o >= 0 else { throw APIError("InvalidToken", "Invalid Token: '\(token)'") }
            offset = o
        }
    }

    /// This page of `all`, and the token of the next one when there is more.
    func slice<T>(_ all: [T]) -> ([T], String?) {
        guard offset < all.count else { return ([], nil) }
        let end = min(all.count, offset + size)
        return (Array(all[offset..<end]), end < all.count ? String(end) : nil)
    }
}
