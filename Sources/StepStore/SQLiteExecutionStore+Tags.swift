import StepService

extension SQLiteExecutionStore {
    public func tags(resourceArn: String) throws(StoreError) -> [ActivityTag] {
        try sql {
            try db.cachedStatement("SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY rowid")
                .query(.text(resourceArn)).compactMap { row -> ActivityTag? in
                    guard let k = row[0].stringValue, let v = row[1].stringValue else { return nil }
                    return ActivityTag(key: k, value: v)
                }
        }
    }

    public func tagResource(_ resourceArn: String, tags: [ActivityTag]) throws(StoreError) {
        try write {
            for t in tags {
                try db.cachedStatement(
                    "INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?) ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value"
                ).run(.text(resourceArn), .text(t.key), .text(t.value))
            }
        }
    }

    public func untagResource(_ resourceArn: String, keys: [String]) throws(StoreError) {
        try write {
            for k in keys {
                try db.cachedStatement("DELETE FROM tags WHERE resource_arn = ? AND key = ?").run(.text(resourceArn), .text(k))
            }
        }
    }
}
