/// Tags on any resource, by its ARN (`TagResource`, `UntagResource`, `ListTagsForResource`).
public protocol TagStore: AnyObject {
    /// A resource's tags, in the order they were first given.
    func tags(resourceArn: String) throws(StoreError) -> [ActivityTag]
    /// Adds tags to a resource, replacing the values of keys it has already.
    func tagResource(_ resourceArn: String, tags: [ActivityTag]) throws(StoreError)
    /// Removes tags by key; keys the resource does not have are ignored.
    func untagResource(_ resourceArn: String, keys: [String]) throws(StoreError)
}
