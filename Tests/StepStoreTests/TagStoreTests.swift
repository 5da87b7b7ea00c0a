import StepService
import Testing

/// The `TagStore` port, on every adapter.
@Suite struct TagStoreTests {
    let arn = "arn:aws:states:us-east-1:111111111111:stateMachine:m"
    let other = "arn:aws:states:us-east-1:111111111111:activity:a"

    @Test(arguments: StoreAdapter.allCases)
    func tagsKeepTheirFirstOrderAndTakeNewValues(_ adapter: StoreAdapter) throws {
        let opened = try adapter.open()
        let s = opened.store
        #expect(try s.tags(resourceArn: arn).isEmpty)
        try s.tagResource(arn, tags: [ActivityTag(key: "b", value: "1"), ActivityTag(key: "a", value: "2")])
        try s.tagResource(arn, tags: [ActivityTag(key: "c", value: "3"), ActivityTag(key: "b", value: "changed")])
        try s.tagResource(other, tags: [ActivityTag(key: "a", value: "elsewhere")])
        let expected = [ActivityTag(key: "b", value: "changed"), ActivityTag(key: "a", value: "2"), ActivityTag(key: "c", value: "3")]
        #expect(try opened.reopen().tags(resourceArn: arn) == expected)
        #expect(try s.tags(resourceArn: other) == [ActivityTag(key: "a", value: "elsewhere")])
    }

    @Test(arguments: StoreAdapter.allCases)
    func untaggingRemovesOnlyTheKeysGiven(_ adapter: StoreAdapter) throws {
        let s = try adapter.open().store
        try s.tagResource(arn, tags: [ActivityTag(key: "a", value: "1"), ActivityTag(key: "b", value: "2")])
        try s.tagResource(other, tags: [ActivityTag(key: "a", value: "1")])
        try s.untagResource(arn, keys: ["a", "not-there"])
        #expect(try s.tags(resourceArn: arn) == [ActivityTag(key: "b", value: "2")])
        #expect(try s.tags(resourceArn: other) == [ActivityTag(key: "a", value: "1")])
        try s.untagResource("arn:aws:states:us-east-1:111111111111:stateMachine:none", keys: ["a"])
    }
}
