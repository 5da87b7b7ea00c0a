import StepJSON
import Testing

@testable import StepLanguage

@Suite struct IntrinsicsParserTests {
    @Test(arguments: [
        ("States.Format('x')", true),
        ("States.Format ('x')", true),
        ("States.ArrayGetItem(", true),
        ("States.UUID()", true),
        ("States.Foo()", false),
        ("States.Arrays()", false),
        ("States.Format", false),
        ("$.a", false),
        ("$", false),
        (" States.Array()", false),
        ("States.", false),
    ])
    func recognisesCalls(_ text: String, _ expected: Bool) {
        #expect(IntrinsicCall.looksLikeCall(text) == expected)
    }

    @Test func parsesEveryLiteralKind() throws {
        let call = try IntrinsicCall(parsing: "States.Array(42, -1.5, 1e3, true, false, null, 'x', 3000000000, -0)")
        #expect(call.function == .array)
        #expect(
            call.arguments == [
                .literal(.int(42)), .literal(.double(-1.5)), .literal(.double(1000)), .literal(.bool(true)),
                .literal(.bool(false)), .literal(.null), .literal(.string("x")), .literal(.int(3_000_000_000)),
                .literal(.int(0)),
            ])
    }

    @Test func parsesNestedCallsAndPaths() throws {
        let call = try IntrinsicCall(
            parsing: "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd($var.n, -1))")
        #expect(call.function == .arrayGetItem)
        guard case .call(let split) = call.arguments[0], case .call(let add) = call.arguments[1] else {
            Issue.record("expected nested calls")
            return
        }
        #expect(split.function == .stringSplit)
        #expect(split.arguments.first.map { if case .path(let p) = $0 { p.text } else { "" } } == "$$.StateMachine.Name")
        #expect(add.text == "States.MathAdd($var.n, -1)")
    }

    @Test func scansPathsWithBracketsQuotesAndFilters() throws {
        let call = try IntrinsicCall(parsing: "States.Array($['a,b'], $[?(@.x == 'y)')].z, $.c[0], $$, $)")
        let texts = call.arguments.map { argument -> String in
            if case .path(let p) = argument { return p.text }
            return "?"
        }
        #expect(texts == ["$['a,b']", "$[?(@.x == 'y)')].z", "$.c[0]", "$$", "$"])
    }

    @Test func toleratesWhitespaceAndRendersCanonically() throws {
        let call = try IntrinsicCall(parsing: " States.Array( $.a ,\n\t$.b ) ")
        #expect(call.arguments.count == 2)
        #expect(call.text == "States.Array($.a, $.b)")
        #expect(try IntrinsicCall(parsing: "States.MathAdd(1,2)").text == "States.MathAdd(1, 2)")
        #expect(try IntrinsicCall(parsing: "States.UUID( )").text == "States.UUID()")
    }

    @Test func decodesStringEscapes() throws {
        let call = try IntrinsicCall(parsing: #"States.StringSplit('It\'s \{x\} a \\ b', '\\')"#)
        #expect(call.arguments[0] == .literal(.string(#"It's {x} a \ b"#)))
        #expect(call.arguments[1] == .literal(.string(#"\"#)))
    }

    @Test func formatTemplateKeepsItsEscapes() throws {
        let call = try IntrinsicCall(parsing: #"States.Format('a \{ {} \'', 'b\'c')"#)
        #expect(call.arguments[0] == .literal(.string(#"a \{ {} \'"#)))
        #expect(call.arguments[1] == .literal(.string("b'c")))
    }

    @Test func acceptsUnescapedBracesAndRawNewlinesInLiterals() throws {
        let call = try IntrinsicCall(parsing: "States.StringToJson('{\"a\": \"b\"}')")
        #expect(call.arguments == [.literal(.string("{\"a\": \"b\"}"))])
        let split = try IntrinsicCall(parsing: "States.StringSplit('Hello\nWorld', '\n')")
        #expect(split.arguments[1] == .literal(.string("\n")))
    }

    @Test(arguments: [
        "States.Foo()",
        "States.Array",
        "States.Array(",
        "States.Array('abc)",
        "States.Array($.a) trailing",
        "States.Array([1,2])",
        "States.Array(1.)",
        "States.Array(.5)",
        "States.Array(01)",
        "States.Array(tru)",
        "States.Array(nulls)",
        "States.Array(1,)",
        "States.ArrayPartition($.arr, )",
        "States.Array(1 2)",
        "States.Array($['a)",
        "States.Array(States.Nope(1))",
        // A backslash may only escape ' { } and \ (AWS: SCHEMA_VALIDATION_FAILED).
        #"States.StringToJson('{"text":"An \"escaped double quote\" here"}')"#,
        #"States.Format('He said, \"Hello, {}!\"', 'Test \"Name\" Here')"#,
        #"States.Base64Decode('YWJj\nZA==')"#,
        #"States.Format('trailing \')"#,
    ])
    func rejectsMalformedCalls(_ text: String) {
        #expect(throws: IntrinsicParseError.self) { try IntrinsicCall(parsing: text) }
    }

    @Test func limitsNestingToTenCalls() throws {
        func nested(_ n: Int) -> String {
            String(repeating: "States.Array(", count: n) + "1" + String(repeating: ")", count: n)
        }
        #expect(try IntrinsicCall(parsing: nested(10)).function == .array)
        #expect(throws: IntrinsicParseError.self) { try IntrinsicCall(parsing: nested(11)) }
        #expect(throws: IntrinsicParseError.self) { try IntrinsicCall(parsing: nested(100_000)) }
    }

    @Test func reportsWhatIsWrong() {
        do {
            _ = try IntrinsicCall(parsing: "States.Format('x', States.Foo(1))")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "unknown intrinsic function 'States.Foo'")
            #expect(error.offset == 19)
        }
    }

    @Test func rendersCallsBuiltInCode() {
        let call = IntrinsicCall(
            function: .format,
            arguments: [.literal(.string("{} it\\'s")), .literal(.string("a'b")), .literal(.int(1))])
        #expect(call.text == #"States.Format('{} it\'s', 'a\'b', 1)"#)
    }
}
