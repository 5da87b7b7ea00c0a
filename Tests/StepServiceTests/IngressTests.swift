import StepJSON
import StepService
import Testing

@Suite struct EventPatternTests {
    let event: JSON = [
        "version": "0", "id": "e-1", "detail-type": "Order Placed", "source": "shop.orders", "time": "2026-01-01T00:00:00Z",
        "region": "us-east-1", "resources": [], "detail": ["total": 120.5, "items": ["book", "pen"], "country": "NZ", "note": nil],
    ]

    func match(_ pattern: JSON) throws -> Bool { try EventPattern(pattern).matches(event) }

    @Test func exactValuesAndNesting() throws {
        #expect(try match(["source": ["shop.orders"]]))
        #expect(try match(["source": ["a", "shop.orders"], "detail": ["country": ["NZ"]]]))
        #expect(try !match(["source": ["shop.refunds"]]))
        #expect(try !match(["detail": ["missing": ["x"]]]))
        #expect(try match(["detail": ["items": ["pen"]]]), "an array value matches when any element does")
        #expect(try match(["detail": ["note": [nil]]]))
    }

    @Test func contentFilters() throws {
        #expect(try match(["detail-type": [["prefix": "Order"]]]))
        #expect(try match(["source": [["suffix": ".orders"]]]))
        #expect(try match(["source": [["prefix": ["equals-ignore-case": "SHOP."]]]]))
        #expect(try match(["detail": ["country": [["anything-but": ["US", "CA"]]]]]))
        #expect(try !match(["detail": ["country": [["anything-but": "NZ"]]]]))
        #expect(try match(["detail": ["country": [["anything-but": ["prefix": "U"]]]]]))
        #expect(try match(["detail": ["total": [["numeric": [">", 100, "<=", 200]]]]]))
        #expect(try !match(["detail": ["total": [["numeric": ["<", 100]]]]]))
        #expect(try match(["detail": ["missing": [["exists": false]], "country": [["exists": true]]]]))
        #expect(try match(["detail-type": [["equals-ignore-case": "order placed"]]]))
        #expect(try match(["source": [["wildcard": "shop.*s"]]]))
        #expect(try match(["$or": [["source": ["x"]], ["detail": ["country": ["NZ"]]]]]))
    }

    @Test func malformedPatternsAreRejected() {
        #expect(throws: EventPattern.PatternError.self) { try EventPattern(["source": "shop.orders"]) }
        #expect(throws: EventPattern.PatternError.self) { try EventPattern("not an object") }
    }
}

@Suite struct StartMessageTests {
    let rules = [try! StartRule(name: "orders", pattern: EventPattern(["source": ["shop.orders"]]), stateMachine: "fulfil")]

    func requests(_ body: String, id: String? = nil) throws(DeadLetterReason) -> [StartRequest] {
        try StartMessage.requests(body: Array(body.utf8), messageId: id, rules: rules)
    }

    @Test func startExecutionShape() throws {
        let r = try requests(#"{"stateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:m","name":"n1","input":"{\"a\":1}"}"#)
        #expect(r == [StartRequest(stateMachine: "arn:aws:states:us-east-1:111111111111:stateMachine:m", name: "n1", input: #"{"a":1}"#)])
        let j = try requests(#"{"stateMachine":"m","input":{"a":[1,2]}}"#, id: "mid-7")
        #expect(j.first?.input == #"{"a":[1,2]}"#)
        #expect(j.first?.name == "msg-mid-7", "a message without a name gets one from its id, so a redelivery is recognised")
        #expect(try requests(#"{"stateMachine":"m"}"#).first?.name == requests(#"{"stateMachine":"m"}"#).first?.name)
    }

    @Test func eventBridgeEventsAreRoutedByRules() throws {
        let body =
            #"{"version":"0","id":"ev-42","detail-type":"Order Placed","source":"shop.orders","time":"t","region":"us-east-1","resources":[],"detail":{"n":1}}"#
        let r = try requests(body)
        #expect(r.count == 1)
        #expect(r[0].stateMachine == "fulfil" && r[0].name == "orders-ev-42")
        #expect(try JSON(parsing: r[0].input)["detail"] == ["n": 1], "the whole event is the input, as in AWS")
        #expect(throws: DeadLetterReason.self) {
            try requests(#"{"version":"0","id":"x","detail-type":"Other","source":"elsewhere","detail":{}}"#)
        }
    }

    @Test func sqsBodiesAndRecords() throws {
        let inner = #"{\"stateMachine\":\"m\",\"name\":\"from-sqs\"}"#
        #expect(try requests(#"{"MessageId":"1","Body":"\#(inner)"}"#).first?.name == "from-sqs")
        let batch = try requests(
            #"{"Records":[{"messageId":"a","body":"{\"stateMachine\":\"m\"}"},{"messageId":"b","body":"{\"stateMachine\":\"m\"}"}]}"#)
        #expect(batch.map(\.name) == ["msg-a", "msg-b"])
    }

    @Test(arguments: [
        "not json", "[1,2]", #"{"hello":"world"}"#, #"{"stateMachine":42}"#, #"{"stateMachine":"m","name":"bad name"}"#,
        #"{"stateMachine":"m","input":"{oops"}"#,
    ])
    func malformedMessagesAreDeadLettered(_ body: String) {
        #expect(throws: DeadLetterReason.self) { try requests(body) }
    }
}
