import StepJSON
import Testing

@testable import StepLanguage

/// Parses `rule` (a Choices entry without `Next`) through the definition parser and returns it.
func parseChoiceRule(_ rule: String) throws -> ChoiceRule {
    let text =
        #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[\#(rule.dropLast()),"Next":"T"}],"Default":"T"},"T":{"Type":"Succeed"}}}"#
    let machine = try DefinitionParser.parse(text)
    guard case .choice(let spec) = machine.root.states[0].kind else { throw DefinitionError(diagnostics: []) }
    return spec.choices[0].rule
}

private func matches(_ rule: String, _ input: JSON, variables: [String: JSON] = [:]) throws -> Bool {
    try parseChoiceRule(rule).matches(input: input, environment: StaticEnvironment(variables: variables))
}

@Suite struct ChoiceRuleTests {
    @Test(
        arguments: [
            (#"{"Variable":"$.v","StringEquals":"abc"}"#, "abc", true),
            (#"{"Variable":"$.v","StringEquals":"abc"}"#, "abd", false),
            (#"{"Variable":"$.v","StringEquals":"abc"}"#, "ABC", false),
            (#"{"Variable":"$.v","StringLessThan":"b"}"#, "a", true),
            (#"{"Variable":"$.v","StringLessThan":"b"}"#, "b", false),
            (#"{"Variable":"$.v","StringLessThan":"a"}"#, "B", true),
            (#"{"Variable":"$.v","StringGreaterThan":"b"}"#, "ba", true),
            (#"{"Variable":"$.v","StringGreaterThan":"b"}"#, "b", false),
            (#"{"Variable":"$.v","StringLessThanEquals":"b"}"#, "b", true),
            (#"{"Variable":"$.v","StringLessThanEquals":"b"}"#, "c", false),
            (#"{"Variable":"$.v","StringGreaterThanEquals":"b"}"#, "b", true),
            (#"{"Variable":"$.v","StringGreaterThanEquals":"b"}"#, "a", false),
            (#"{"Variable":"$.v","StringEquals":"1"}"#, 1, false),
            (#"{"Variable":"$.v","NumericEquals":1}"#, 1.0, true),
            (#"{"Variable":"$.v","NumericEquals":1.5}"#, 1.5, true),
            (#"{"Variable":"$.v","NumericEquals":1}"#, "1", false),
            (#"{"Variable":"$.v","NumericLessThan":1}"#, 0.999, true),
            (#"{"Variable":"$.v","NumericLessThan":1}"#, 1, false),
            (#"{"Variable":"$.v","NumericLessThan":-1}"#, -2, true),
            (#"{"Variable":"$.v","NumericGreaterThan":1}"#, 2, true),
            (#"{"Variable":"$.v","NumericGreaterThan":1}"#, 1.0, false),
            (#"{"Variable":"$.v","NumericLessThanEquals":1}"#, 1, true),
            (#"{"Variable":"$.v","NumericLessThanEquals":1}"#, 1.0001, false),
            (#"{"Variable":"$.v","NumericGreaterThanEquals":1}"#, 1, true),
            (#"{"Variable":"$.v","NumericGreaterThanEquals":1}"#, 0, false),
            (#"{"Variable":"$.v","NumericEquals":9007199254740993}"#, 9_007_199_254_740_993, true),
            (#"{"Variable":"$.v","NumericGreaterThan":9007199254740992}"#, 9_007_199_254_740_993, true),
            (#"{"Variable":"$.v","BooleanEquals":true}"#, true, true),
            (#"{"Variable":"$.v","BooleanEquals":false}"#, true, false),
            (#"{"Variable":"$.v","BooleanEquals":false}"#, "false", false),
            (#"{"Variable":"$.v","TimestampEquals":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:59:00Z", true),
            (#"{"Variable":"$.v","TimestampEquals":"2016-03-14T01:59:00Z"}"#, "2016-03-14T02:59:00+01:00", true),
            (#"{"Variable":"$.v","TimestampEquals":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:59:00.000Z", true),
            (#"{"Variable":"$.v","TimestampEquals":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:59:00.001Z", false),
            (#"{"Variable":"$.v","TimestampEquals":"2016-03-14T01:59:00Z"}"#, "not a date", false),
            (#"{"Variable":"$.v","TimestampLessThan":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:58:59.999Z", true),
            (#"{"Variable":"$.v","TimestampLessThan":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:59:00Z", false),
            (#"{"Variable":"$.v","TimestampGreaterThan":"2016-03-14T01:59:00Z"}"#, "2017-01-01T00:00:00Z", true),
            (#"{"Variable":"$.v","TimestampGreaterThan":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:59:00-00:01", true),
            (#"{"Variable":"$.v","TimestampLessThanEquals":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:59:00Z", true),
            (#"{"Variable":"$.v","TimestampGreaterThanEquals":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:59:00Z", true),
            (#"{"Variable":"$.v","TimestampGreaterThanEquals":"2016-03-14T01:59:00Z"}"#, "2016-03-14T01:58:00Z", false),
        ] as [(String, JSON, Bool)])
    func literalComparisons(_ rule: String, _ value: JSON, _ expected: Bool) throws {
        #expect(try matches(rule, ["v": value]) == expected)
    }

    @Test(
        arguments: [
            ("StringEqualsPath", "x", "x", true), ("StringEqualsPath", "x", "y", false),
            ("StringLessThanPath", "a", "b", true), ("StringGreaterThanPath", "a", "b", false),
            ("StringLessThanEqualsPath", "b", "b", true), ("StringGreaterThanEqualsPath", "c", "b", true),
            ("NumericEqualsPath", 3, 3.0, true), ("NumericLessThanPath", 2, 3, true), ("NumericGreaterThanPath", 2, 3, false),
            ("NumericLessThanEqualsPath", 3, 3, true), ("NumericGreaterThanEqualsPath", 2.5, 3, false),
            ("BooleanEqualsPath", true, true, true), ("BooleanEqualsPath", true, false, false),
            ("TimestampEqualsPath", "2020-01-01T00:00:00Z", "2020-01-01T01:00:00+01:00", true),
            ("TimestampLessThanPath", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", true),
            ("TimestampGreaterThanPath", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", false),
            ("TimestampLessThanEqualsPath", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", true),
            ("TimestampGreaterThanEqualsPath", "2020-01-03T00:00:00Z", "2020-01-02T00:00:00Z", true),
        ] as [(String, JSON, JSON, Bool)])
    func pathComparisons(_ op: String, _ value: JSON, _ other: JSON, _ expected: Bool) throws {
        #expect(try matches(#"{"Variable":"$.v","\#(op)":"$.w"}"#, ["v": value, "w": other]) == expected)
    }

    @Test func pathOperandsReadContextAndVariables() throws {
        #expect(try matches(#"{"Variable":"$.v","NumericEqualsPath":"$limit"}"#, ["v": 5], variables: ["limit": 5]))
        #expect(try matches(#"{"Variable":"$x.a","StringEquals":"q"}"#, [:], variables: ["x": ["a": "q"]]))
        let rule = try parseChoiceRule(#"{"Variable":"$$.Execution.Name","StringEquals":"run-1"}"#)
        #expect(try rule.matches(input: [:], environment: StaticEnvironment(context: ["Execution": ["Name": "run-1"]])))
    }

    @Test(
        arguments: [
            ("IsNull", true, JSON.null, true), ("IsNull", true, 0, false), ("IsNull", false, "x", true),
            ("IsNumeric", true, 1.5, true), ("IsNumeric", true, "1", false), ("IsNumeric", false, true, true),
            ("IsString", true, "", true), ("IsString", true, 1, false), ("IsString", false, [], true),
            ("IsBoolean", true, false, true), ("IsBoolean", true, "true", false), ("IsBoolean", false, 0, true),
            ("IsTimestamp", true, "2016-03-14T01:59:00Z", true), ("IsTimestamp", true, "2016-03-14T01:59:00", false),
            ("IsTimestamp", true, "2016-03-14", false), ("IsTimestamp", false, 1, true),
            ("IsPresent", true, JSON.null, true), ("IsPresent", false, 1, false),
        ] as [(String, Bool, JSON, Bool)])
    func typeTests(_ op: String, _ want: Bool, _ value: JSON, _ expected: Bool) throws {
        #expect(try matches(#"{"Variable":"$.v","\#(op)":\#(want)}"#, ["v": value]) == expected)
    }

    @Test func isPresentOnAMissingPathDoesNotFail() throws {
        #expect(try matches(#"{"Variable":"$.missing","IsPresent":false}"#, [:]))
        #expect(try !matches(#"{"Variable":"$.missing","IsPresent":true}"#, [:]))
        #expect(try !matches(#"{"Variable":"$.a.b.c","IsPresent":true}"#, ["a": 1]))
    }

    @Test func missingVariableIsARuntimeError() throws {
        for rule in [
            #"{"Variable":"$.missing","StringEquals":"x"}"#, #"{"Variable":"$.missing","IsNull":true}"#,
            #"{"Variable":"$.v","NumericEqualsPath":"$.missing"}"#,
        ] {
            do {
                _ = try matches(rule, ["v": 1])
                Issue.record("expected an error for \(rule)")
            } catch let e as StatesError {
                #expect(e.error == "States.Runtime")
                #expect(e.cause?.contains("$.missing") == true)
                #expect(e.cause?.contains("Invalid path") == true)
            }
        }
    }

    @Test(arguments: [
        ("*", "", true), ("*", "anything", true), ("log-*.txt", "log-2024.txt", true), ("log-*.txt", "log-.txt", true),
        ("log-*.txt", "log-2024.txt.gz", false), ("*.log", "a.log", true), ("*.log", "a.log2", false),
        ("a*b*c", "aXXbYYc", true), ("a*b*c", "acb", false), ("a*b*c", "abcbc", true), ("abc", "abc", true),
        ("abc", "abcd", false), ("", "", true), ("", "x", false), ("**", "x", true),
        (#"log-\\*.txt"#, "log-*.txt", true), (#"log-\\*.txt"#, "log-1.txt", false),
        (#"a\\\\b"#, #"a\b"#, true), (#"a\\\\*"#, #"a\xyz"#, true), (#"\\*\\*"#, "**", true), (#"\\*\\*"#, "*x", false),
        ("é*", "été", true), ("*😀", "smile😀", true),
    ])
    func stringMatches(_ pattern: String, _ value: String, _ expected: Bool) throws {
        #expect(try matches(#"{"Variable":"$.v","StringMatches":"\#(pattern)"}"#, ["v": .string(value)]) == expected)
    }

    @Test func wildcardPatternDirectly() {
        #expect(WildcardPattern("a*").matches("abc"))
        #expect(!WildcardPattern(#"a\*"#).matches("abc"))
        #expect(WildcardPattern(#"a\*"#).matches("a*"))
        #expect(WildcardPattern(#"a\"#).matches(#"a\"#))
        #expect(!WildcardPattern("a").matches(""))
    }

    @Test func stringMatchesOnANonStringIsFalse() throws {
        #expect(try !matches(#"{"Variable":"$.v","StringMatches":"*"}"#, ["v": 1]))
    }

    @Test func booleanCombinations() throws {
        let and = #"{"And":[{"Variable":"$.a","NumericGreaterThan":1},{"Variable":"$.b","StringEquals":"x"}]}"#
        #expect(try matches(and, ["a": 2, "b": "x"]))
        #expect(try !matches(and, ["a": 2, "b": "y"]))
        #expect(try !matches(and, ["a": 0, "b": "x"]))
        let or = #"{"Or":[{"Variable":"$.a","NumericGreaterThan":1},{"Variable":"$.b","StringEquals":"x"}]}"#
        #expect(try matches(or, ["a": 0, "b": "x"]))
        #expect(try matches(or, ["a": 2, "b": "y"]))
        #expect(try !matches(or, ["a": 0, "b": "y"]))
        let not = #"{"Not":{"Variable":"$.a","IsPresent":true}}"#
        #expect(try matches(not, [:]))
        #expect(try !matches(not, ["a": 1]))
        let nested =
            #"{"Not":{"And":[{"Or":[{"Variable":"$.a","BooleanEquals":true},{"Variable":"$.b","BooleanEquals":true}]},{"Variable":"$.c","IsNull":false}]}}"#
        #expect(try !matches(nested, ["a": true, "b": false, "c": 1]))
        #expect(try matches(nested, ["a": false, "b": false, "c": 1]))
        #expect(try matches(nested, ["a": true, "b": true, "c": nil]))
    }

    @Test func andStopsAtTheFirstFalseAndOrAtTheFirstTrue() throws {
        // The second rule would fail (missing path); short-circuiting never evaluates it.
        let and = #"{"And":[{"Variable":"$.a","BooleanEquals":false},{"Variable":"$.missing","StringEquals":"x"}]}"#
        #expect(try !matches(and, ["a": true]))
        let or = #"{"Or":[{"Variable":"$.a","BooleanEquals":true},{"Variable":"$.missing","StringEquals":"x"}]}"#
        #expect(try matches(or, ["a": true]))
    }

    @Test func stringOrderIsByUTF16CodeUnit() throws {
        // Java's compareTo: U+FB01 (ﬁ) sorts after U+1F600 (😀, surrogates D83D…) by code unit.
        #expect(try matches(#"{"Variable":"$.v","StringGreaterThan":"😀"}"#, ["v": "ﬁ"]))
        #expect(try matches(#"{"Variable":"$.v","StringLessThan":"a"}"#, ["v": "Z"]))
        #expect(try matches(#"{"Variable":"$.v","StringLessThan":"ab"}"#, ["v": "a"]))
    }
}
