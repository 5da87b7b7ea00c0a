import StepJSON
import Testing

@testable import StepLanguage

/// Every comparison of the AWS-recorded `choice_operators` conformance cases: a rule on `$.Variable`
/// (literal operand or `…Path` on `$.Value`), the input, and whether AWS took the `Next` branch.
struct ChoiceConformanceRow: Sendable, CustomTestStringConvertible {
    let rule: String
    let input: String
    let expected: Bool
    init(_ rule: String, _ input: String, _ expected: Bool) {
        self.rule = rule
        self.input = input
        self.expected = expected
    }
    var testDescription: String { "\(rule) on \(input)" }
}

private typealias Row = ChoiceConformanceRow

@Suite struct ChoiceRuleConformanceTests {
    @Test(arguments: choiceConformanceRows)
    func matchesAWS(_ row: ChoiceConformanceRow) throws {
        var rule = try JSON(parsing: row.rule)
        guard case .object(var o) = rule else { return }
        o["Next"] = "T"
        rule = .object(o)
        let definition: JSON = [
            "StartAt": "C",
            "States": [
                "C": ["Type": "Choice", "Choices": [rule], "Default": "F"],
                "T": ["Type": "Succeed"], "F": ["Type": "Succeed"],
            ],
        ]
        let machine = try DefinitionParser.parse(definition)
        guard case .choice(let spec) = machine.root.states[0].kind else {
            Issue.record("not a choice state")
            return
        }
        let input = try JSON(parsing: row.input)
        #expect(try spec.choices[0].rule.matches(input: input, environment: StaticEnvironment()) == row.expected)
    }
}

let choiceConformanceRows: [ChoiceConformanceRow] = [
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":null,"Value":true}"#, false),  // boolean_equals.boolean_equals.0
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":"","Value":true}"#, false),  // boolean_equals.boolean_equals.10
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":"","Value":false}"#, false),  // boolean_equals.boolean_equals.11
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":" ","Value":true}"#, false),  // boolean_equals.boolean_equals.12
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":" ","Value":false}"#, false),  // boolean_equals.boolean_equals.13
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":"HelloWorld","Value":true}"#, false),  // boolean_equals.boolean_equals.14
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":"HelloWorld","Value":false}"#, false),  // boolean_equals.boolean_equals.15
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":"2012-10-09T19:00:55","Value":true}"#, false),  // boolean_equals.boolean_equals.16
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":"2012-10-09T19:00:55","Value":false}"#, false),  // boolean_equals.boolean_equals.17
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":true}"#, false),  // boolean_equals.boolean_equals.18
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":true}"#, false),  // boolean_equals.boolean_equals.20
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, false),  // boolean_equals.boolean_equals.21
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":"2023-02-24","Value":true}"#, false),  // boolean_equals.boolean_equals.22
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":"2023-02-24","Value":false}"#, false),  // boolean_equals.boolean_equals.23
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":[],"Value":false}"#, false),  // boolean_equals.boolean_equals.25
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":[""],"Value":true}"#, false),  // boolean_equals.boolean_equals.26
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":[""],"Value":false}"#, false),  // boolean_equals.boolean_equals.27
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":{},"Value":false}"#, false),  // boolean_equals.boolean_equals.29
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":0,"Value":false}"#, false),  // boolean_equals.boolean_equals.3
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":{"A":0},"Value":true}"#, false),  // boolean_equals.boolean_equals.30
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":{"A":0},"Value":false}"#, false),  // boolean_equals.boolean_equals.31
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":false,"Value":true}"#, false),  // boolean_equals.boolean_equals.33
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":false,"Value":true}"#, false),  // boolean_equals.boolean_equals.34
    Row(#"{"Variable":"$.Variable","BooleanEquals":true}"#, #"{"Variable":0.0,"Value":true}"#, false),  // boolean_equals.boolean_equals.4
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":0.0,"Value":false}"#, false),  // boolean_equals.boolean_equals.5
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":1,"Value":false}"#, false),  // boolean_equals.boolean_equals.7
    Row(#"{"Variable":"$.Variable","BooleanEquals":false}"#, #"{"Variable":1.1,"Value":false}"#, false),  // boolean_equals.boolean_equals.9
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":null,"Value":true}"#, false),  // boolean_equals.boolean_equals_path.0
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"","Value":false}"#, false),  // boolean_equals.boolean_equals_path.11
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":" ","Value":true}"#, false),  // boolean_equals.boolean_equals_path.12
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":" ","Value":false}"#, false),  // boolean_equals.boolean_equals_path.13
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"HelloWorld","Value":true}"#, false),  // boolean_equals.boolean_equals_path.14
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"HelloWorld","Value":false}"#, false),  // boolean_equals.boolean_equals_path.15
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"2012-10-09T19:00:55","Value":true}"#, false),  // boolean_equals.boolean_equals_path.16
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":true}"#, false),  // boolean_equals.boolean_equals_path.18
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":true}"#, false),  // boolean_equals.boolean_equals_path.20
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, false),  // boolean_equals.boolean_equals_path.21
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"2023-02-24","Value":true}"#, false),  // boolean_equals.boolean_equals_path.22
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":"2023-02-24","Value":false}"#, false),  // boolean_equals.boolean_equals_path.23
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":[],"Value":true}"#, false),  // boolean_equals.boolean_equals_path.24
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":[],"Value":false}"#, false),  // boolean_equals.boolean_equals_path.25
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":[""],"Value":true}"#, false),  // boolean_equals.boolean_equals_path.26
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":{},"Value":true}"#, false),  // boolean_equals.boolean_equals_path.28
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":{},"Value":false}"#, false),  // boolean_equals.boolean_equals_path.29
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":0,"Value":false}"#, false),  // boolean_equals.boolean_equals_path.3
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":{"A":0},"Value":true}"#, false),  // boolean_equals.boolean_equals_path.30
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":false,"Value":true}"#, false),  // boolean_equals.boolean_equals_path.34
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":0.0,"Value":true}"#, false),  // boolean_equals.boolean_equals_path.4
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":1,"Value":true}"#, false),  // boolean_equals.boolean_equals_path.6
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":1,"Value":false}"#, false),  // boolean_equals.boolean_equals_path.7
    Row(#"{"Variable":"$.Variable","BooleanEqualsPath":"$.Value"}"#, #"{"Variable":1.1,"Value":false}"#, false),  // boolean_equals.boolean_equals_path.9
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":null,"Value":true}"#, false),  // is_operators.is_boolean.0
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":" ","Value":true}"#, false),  // is_operators.is_boolean.12
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":"HelloWorld","Value":true}"#, false),  // is_operators.is_boolean.14
    Row(#"{"Variable":"$.Variable","IsBoolean":false}"#, #"{"Variable":"HelloWorld","Value":false}"#, true),  // is_operators.is_boolean.15
    Row(#"{"Variable":"$.Variable","IsBoolean":false}"#, #"{"Variable":"2012-10-09T19:00:55","Value":false}"#, true),  // is_operators.is_boolean.17
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":true}"#, false),  // is_operators.is_boolean.18
    Row(#"{"Variable":"$.Variable","IsBoolean":false}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":false}"#, true),  // is_operators.is_boolean.19
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":0,"Value":true}"#, false),  // is_operators.is_boolean.2
    Row(#"{"Variable":"$.Variable","IsBoolean":false}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, true),  // is_operators.is_boolean.21
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":[],"Value":true}"#, false),  // is_operators.is_boolean.24
    Row(#"{"Variable":"$.Variable","IsBoolean":false}"#, #"{"Variable":[],"Value":false}"#, true),  // is_operators.is_boolean.25
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":[""],"Value":true}"#, false),  // is_operators.is_boolean.26
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":{},"Value":true}"#, false),  // is_operators.is_boolean.28
    Row(#"{"Variable":"$.Variable","IsBoolean":false}"#, #"{"Variable":{},"Value":false}"#, true),  // is_operators.is_boolean.29
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":{"A":0},"Value":true}"#, false),  // is_operators.is_boolean.30
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":true,"Value":true}"#, true),  // is_operators.is_boolean.32
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":false,"Value":true}"#, true),  // is_operators.is_boolean.34
    Row(#"{"Variable":"$.Variable","IsBoolean":false}"#, #"{"Variable":0.0,"Value":false}"#, true),  // is_operators.is_boolean.5
    Row(#"{"Variable":"$.Variable","IsBoolean":true}"#, #"{"Variable":1.1,"Value":true}"#, false),  // is_operators.is_boolean.8
    Row(#"{"Variable":"$.Variable","IsBoolean":false}"#, #"{"Variable":1.1,"Value":false}"#, true),  // is_operators.is_boolean.9
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":null,"Value":true}"#, true),  // is_operators.is_null.0
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":null,"Value":false}"#, false),  // is_operators.is_null.1
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":"","Value":true}"#, false),  // is_operators.is_null.10
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":"","Value":false}"#, true),  // is_operators.is_null.11
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":" ","Value":true}"#, false),  // is_operators.is_null.12
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":"HelloWorld","Value":false}"#, true),  // is_operators.is_null.15
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":"2012-10-09T19:00:55","Value":false}"#, true),  // is_operators.is_null.17
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":true}"#, false),  // is_operators.is_null.18
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":true}"#, false),  // is_operators.is_null.20
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, true),  // is_operators.is_null.21
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":[],"Value":true}"#, false),  // is_operators.is_null.24
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":[],"Value":false}"#, true),  // is_operators.is_null.25
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":[""],"Value":true}"#, false),  // is_operators.is_null.26
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":[""],"Value":false}"#, true),  // is_operators.is_null.27
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":0,"Value":false}"#, true),  // is_operators.is_null.3
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":{"A":0},"Value":true}"#, false),  // is_operators.is_null.30
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":{"A":0},"Value":false}"#, true),  // is_operators.is_null.31
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":true,"Value":true}"#, false),  // is_operators.is_null.32
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":false,"Value":true}"#, false),  // is_operators.is_null.33
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":false,"Value":true}"#, false),  // is_operators.is_null.34
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":false,"Value":false}"#, true),  // is_operators.is_null.35
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":0.0,"Value":false}"#, true),  // is_operators.is_null.5
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":1,"Value":true}"#, false),  // is_operators.is_null.6
    Row(#"{"Variable":"$.Variable","IsNull":true}"#, #"{"Variable":1.1,"Value":true}"#, false),  // is_operators.is_null.8
    Row(#"{"Variable":"$.Variable","IsNull":false}"#, #"{"Variable":1.1,"Value":false}"#, true),  // is_operators.is_null.9
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":null,"Value":true}"#, false),  // is_operators.is_numeric.0
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":"","Value":true}"#, false),  // is_operators.is_numeric.10
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":"","Value":false}"#, true),  // is_operators.is_numeric.11
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":" ","Value":true}"#, false),  // is_operators.is_numeric.12
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":"HelloWorld","Value":true}"#, false),  // is_operators.is_numeric.14
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":"HelloWorld","Value":false}"#, true),  // is_operators.is_numeric.15
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":"2012-10-09T19:00:55","Value":true}"#, false),  // is_operators.is_numeric.16
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":false}"#, true),  // is_operators.is_numeric.19
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, true),  // is_operators.is_numeric.21
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":"2023-02-24","Value":false}"#, true),  // is_operators.is_numeric.23
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":[],"Value":false}"#, true),  // is_operators.is_numeric.25
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":[""],"Value":false}"#, true),  // is_operators.is_numeric.27
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":{},"Value":true}"#, false),  // is_operators.is_numeric.28
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":{},"Value":false}"#, true),  // is_operators.is_numeric.29
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":0,"Value":false}"#, false),  // is_operators.is_numeric.3
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":{"A":0},"Value":true}"#, false),  // is_operators.is_numeric.30
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":{"A":0},"Value":false}"#, true),  // is_operators.is_numeric.31
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":true,"Value":true}"#, false),  // is_operators.is_numeric.32
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":false,"Value":true}"#, false),  // is_operators.is_numeric.34
    Row(#"{"Variable":"$.Variable","IsNumeric":true}"#, #"{"Variable":0.0,"Value":true}"#, true),  // is_operators.is_numeric.4
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":0.0,"Value":false}"#, false),  // is_operators.is_numeric.5
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":1,"Value":false}"#, false),  // is_operators.is_numeric.7
    Row(#"{"Variable":"$.Variable","IsNumeric":false}"#, #"{"Variable":1.1,"Value":false}"#, false),  // is_operators.is_numeric.9
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":null,"Value":true}"#, true),  // is_operators.is_present.0
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":"","Value":true}"#, true),  // is_operators.is_present.10
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":"","Value":false}"#, false),  // is_operators.is_present.11
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":" ","Value":false}"#, false),  // is_operators.is_present.13
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":"HelloWorld","Value":false}"#, false),  // is_operators.is_present.15
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":true}"#, true),  // is_operators.is_present.18
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":false}"#, false),  // is_operators.is_present.19
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":0,"Value":true}"#, true),  // is_operators.is_present.2
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":true}"#, true),  // is_operators.is_present.20
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, false),  // is_operators.is_present.21
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":"2023-02-24","Value":true}"#, true),  // is_operators.is_present.22
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":"2023-02-24","Value":false}"#, false),  // is_operators.is_present.23
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":[],"Value":true}"#, true),  // is_operators.is_present.24
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":[],"Value":false}"#, false),  // is_operators.is_present.25
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":{},"Value":true}"#, true),  // is_operators.is_present.28
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":{},"Value":false}"#, false),  // is_operators.is_present.29
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":0,"Value":false}"#, false),  // is_operators.is_present.3
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":{"A":0},"Value":false}"#, false),  // is_operators.is_present.31
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":false,"Value":true}"#, true),  // is_operators.is_present.33
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":false,"Value":true}"#, true),  // is_operators.is_present.34
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":false,"Value":false}"#, false),  // is_operators.is_present.35
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":0.0,"Value":true}"#, true),  // is_operators.is_present.4
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":1,"Value":true}"#, true),  // is_operators.is_present.6
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":1,"Value":false}"#, false),  // is_operators.is_present.7
    Row(#"{"Variable":"$.Variable","IsPresent":true}"#, #"{"Variable":1.1,"Value":true}"#, true),  // is_operators.is_present.8
    Row(#"{"Variable":"$.Variable","IsPresent":false}"#, #"{"Variable":1.1,"Value":false}"#, false),  // is_operators.is_present.9
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":" ","Value":false}"#, false),  // is_operators.is_string.13
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":"HelloWorld","Value":false}"#, false),  // is_operators.is_string.15
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":"2012-10-09T19:00:55","Value":false}"#, false),  // is_operators.is_string.17
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":"2012-10-09T19:00:55Z","Value":false}"#, false),  // is_operators.is_string.19
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":"2012-10-09T19:00:55+01:00","Value":false}"#, false),  // is_operators.is_string.21
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":"2023-02-24","Value":false}"#, false),  // is_operators.is_string.23
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":[],"Value":false}"#, true),  // is_operators.is_string.25
    Row(#"{"Variable":"$.Variable","IsString":true}"#, #"{"Variable":[""],"Value":true}"#, false),  // is_operators.is_string.26
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":[""],"Value":false}"#, true),  // is_operators.is_string.27
    Row(#"{"Variable":"$.Variable","IsString":true}"#, #"{"Variable":{},"Value":true}"#, false),  // is_operators.is_string.28
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":{},"Value":false}"#, true),  // is_operators.is_string.29
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":0,"Value":false}"#, true),  // is_operators.is_string.3
    Row(#"{"Variable":"$.Variable","IsString":true}"#, #"{"Variable":{"A":0},"Value":true}"#, false),  // is_operators.is_string.30
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":{"A":0},"Value":false}"#, true),  // is_operators.is_string.31
    Row(#"{"Variable":"$.Variable","IsString":true}"#, #"{"Variable":false,"Value":true}"#, false),  // is_operators.is_string.33
    Row(#"{"Variable":"$.Variable","IsString":true}"#, #"{"Variable":false,"Value":true}"#, false),  // is_operators.is_string.34
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":false,"Value":false}"#, true),  // is_operators.is_string.35
    Row(#"{"Variable":"$.Variable","IsString":true}"#, #"{"Variable":0.0,"Value":true}"#, false),  // is_operators.is_string.4
    Row(#"{"Variable":"$.Variable","IsString":true}"#, #"{"Variable":1.1,"Value":true}"#, false),  // is_operators.is_string.8
    Row(#"{"Variable":"$.Variable","IsString":false}"#, #"{"Variable":1.1,"Value":false}"#, true),  // is_operators.is_string.9
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":null,"Value":0}"#, false),  // numeric.numeric_equals.0
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":null,"Value":0.0}"#, false),  // numeric.numeric_equals.1
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":0.0,"Value":1}"#, false),  // numeric.numeric_equals.10
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":1,"Value":0}"#, false),  // numeric.numeric_equals.12
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":1,"Value":1}"#, true),  // numeric.numeric_equals.14
    Row(#"{"Variable":"$.Variable","NumericEquals":1.0}"#, #"{"Variable":1,"Value":1.0}"#, true),  // numeric.numeric_equals.15
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":1.1,"Value":0}"#, false),  // numeric.numeric_equals.16
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":1.1,"Value":0.0}"#, false),  // numeric.numeric_equals.17
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":1.1,"Value":1}"#, false),  // numeric.numeric_equals.18
    Row(#"{"Variable":"$.Variable","NumericEquals":1.0}"#, #"{"Variable":1.1,"Value":1.0}"#, false),  // numeric.numeric_equals.19
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":null,"Value":1}"#, false),  // numeric.numeric_equals.2
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":"","Value":0.0}"#, false),  // numeric.numeric_equals.21
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":"","Value":1}"#, false),  // numeric.numeric_equals.22
    Row(#"{"Variable":"$.Variable","NumericEquals":1.0}"#, #"{"Variable":"","Value":1.0}"#, false),  // numeric.numeric_equals.23
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":" ","Value":0}"#, false),  // numeric.numeric_equals.24
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":" ","Value":0.0}"#, false),  // numeric.numeric_equals.25
    Row(#"{"Variable":"$.Variable","NumericEquals":1.0}"#, #"{"Variable":null,"Value":1.0}"#, false),  // numeric.numeric_equals.3
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":[],"Value":1}"#, false),  // numeric.numeric_equals.30
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":[""],"Value":0}"#, false),  // numeric.numeric_equals.32
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":[""],"Value":0.0}"#, false),  // numeric.numeric_equals.33
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":[""],"Value":1}"#, false),  // numeric.numeric_equals.34
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":{},"Value":0}"#, false),  // numeric.numeric_equals.36
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":{},"Value":1}"#, false),  // numeric.numeric_equals.38
    Row(#"{"Variable":"$.Variable","NumericEquals":1.0}"#, #"{"Variable":{},"Value":1.0}"#, false),  // numeric.numeric_equals.39
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":{"A":0},"Value":0}"#, false),  // numeric.numeric_equals.40
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":{"A":0},"Value":0.0}"#, false),  // numeric.numeric_equals.41
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":{"A":0},"Value":1}"#, false),  // numeric.numeric_equals.42
    Row(#"{"Variable":"$.Variable","NumericEquals":1.0}"#, #"{"Variable":{"A":0},"Value":1.0}"#, false),  // numeric.numeric_equals.43
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":false,"Value":0.0}"#, false),  // numeric.numeric_equals.45
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":false,"Value":1}"#, false),  // numeric.numeric_equals.46
    Row(#"{"Variable":"$.Variable","NumericEquals":1.0}"#, #"{"Variable":false,"Value":1.0}"#, false),  // numeric.numeric_equals.47
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":true,"Value":0}"#, false),  // numeric.numeric_equals.48
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":0,"Value":0.0}"#, true),  // numeric.numeric_equals.5
    Row(#"{"Variable":"$.Variable","NumericEquals":1}"#, #"{"Variable":true,"Value":1}"#, false),  // numeric.numeric_equals.50
    Row(#"{"Variable":"$.Variable","NumericEquals":1.0}"#, #"{"Variable":true,"Value":1.0}"#, false),  // numeric.numeric_equals.51
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":0,"Value":0}"#, true),  // numeric.numeric_equals.52
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":0.0,"Value":0}"#, true),  // numeric.numeric_equals.53
    Row(#"{"Variable":"$.Variable","NumericEquals":2.22}"#, #"{"Variable":2.22,"Value":2.22}"#, true),  // numeric.numeric_equals.54
    Row(#"{"Variable":"$.Variable","NumericEquals":0}"#, #"{"Variable":0.0,"Value":0}"#, true),  // numeric.numeric_equals.8
    Row(#"{"Variable":"$.Variable","NumericEquals":0.0}"#, #"{"Variable":0.0,"Value":0.0}"#, true),  // numeric.numeric_equals.9
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":null,"Value":0}"#, false),  // numeric.numeric_equals_path.0
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":0.0,"Value":1}"#, false),  // numeric.numeric_equals_path.10
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":0.0,"Value":1.0}"#, false),  // numeric.numeric_equals_path.11
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":1,"Value":0.0}"#, false),  // numeric.numeric_equals_path.13
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":1,"Value":1}"#, true),  // numeric.numeric_equals_path.14
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":1.1,"Value":0.0}"#, false),  // numeric.numeric_equals_path.17
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":1.1,"Value":1}"#, false),  // numeric.numeric_equals_path.18
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":1.1,"Value":1.0}"#, false),  // numeric.numeric_equals_path.19
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":null,"Value":1}"#, false),  // numeric.numeric_equals_path.2
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":"","Value":0.0}"#, false),  // numeric.numeric_equals_path.21
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":"","Value":1}"#, false),  // numeric.numeric_equals_path.22
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":" ","Value":0}"#, false),  // numeric.numeric_equals_path.24
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":" ","Value":0.0}"#, false),  // numeric.numeric_equals_path.25
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":" ","Value":1}"#, false),  // numeric.numeric_equals_path.26
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":" ","Value":1.0}"#, false),  // numeric.numeric_equals_path.27
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":[],"Value":0}"#, false),  // numeric.numeric_equals_path.28
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":[],"Value":0.0}"#, false),  // numeric.numeric_equals_path.29
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":null,"Value":1.0}"#, false),  // numeric.numeric_equals_path.3
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":[],"Value":1}"#, false),  // numeric.numeric_equals_path.30
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":[],"Value":1.0}"#, false),  // numeric.numeric_equals_path.31
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":[""],"Value":0.0}"#, false),  // numeric.numeric_equals_path.33
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":{},"Value":0.0}"#, false),  // numeric.numeric_equals_path.37
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":{},"Value":1}"#, false),  // numeric.numeric_equals_path.38
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":0,"Value":0}"#, true),  // numeric.numeric_equals_path.4
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":{"A":0},"Value":0}"#, false),  // numeric.numeric_equals_path.40
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":{"A":0},"Value":0.0}"#, false),  // numeric.numeric_equals_path.41
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":{"A":0},"Value":1}"#, false),  // numeric.numeric_equals_path.42
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":false,"Value":0}"#, false),  // numeric.numeric_equals_path.44
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":false,"Value":1}"#, false),  // numeric.numeric_equals_path.46
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":true,"Value":0.0}"#, false),  // numeric.numeric_equals_path.49
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":0,"Value":0}"#, true),  // numeric.numeric_equals_path.52
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":0.0,"Value":0}"#, true),  // numeric.numeric_equals_path.53
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":0,"Value":1.0}"#, false),  // numeric.numeric_equals_path.7
    Row(#"{"Variable":"$.Variable","NumericEqualsPath":"$.Value"}"#, #"{"Variable":0.0,"Value":0}"#, true),  // numeric.numeric_equals_path.8
    Row(#"{"Variable":"$.Variable","NumericGreaterThan":0}"#, #"{"Variable":0,"Value":0}"#, false),  // numeric.numeric_greater_than.0
    Row(#"{"Variable":"$.Variable","NumericGreaterThan":0}"#, #"{"Variable":0.0,"Value":0}"#, false),  // numeric.numeric_greater_than.1
    Row(#"{"Variable":"$.Variable","NumericGreaterThan":1}"#, #"{"Variable":0,"Value":1}"#, false),  // numeric.numeric_greater_than.2
    Row(#"{"Variable":"$.Variable","NumericGreaterThanEquals":0}"#, #"{"Variable":0,"Value":0}"#, true),  // numeric.numeric_greater_than_equals.0
    Row(#"{"Variable":"$.Variable","NumericGreaterThanEquals":1}"#, #"{"Variable":0,"Value":1}"#, false),  // numeric.numeric_greater_than_equals.2
    Row(#"{"Variable":"$.Variable","NumericGreaterThanEquals":0}"#, #"{"Variable":1,"Value":0}"#, true),  // numeric.numeric_greater_than_equals.4
    Row(#"{"Variable":"$.Variable","NumericGreaterThanEqualsPath":"$.Value"}"#, #"{"Variable":0.0,"Value":0}"#, true),  // numeric.numeric_greater_than_equals_path.1
    Row(#"{"Variable":"$.Variable","NumericGreaterThanEqualsPath":"$.Value"}"#, #"{"Variable":0,"Value":1}"#, false),  // numeric.numeric_greater_than_equals_path.2
    Row(#"{"Variable":"$.Variable","NumericGreaterThanEqualsPath":"$.Value"}"#, #"{"Variable":1,"Value":0}"#, true),  // numeric.numeric_greater_than_equals_path.4
    Row(#"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, #"{"Variable":0,"Value":0}"#, false),  // numeric.numeric_greater_than_path.0
    Row(#"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, #"{"Variable":0.0,"Value":0}"#, false),  // numeric.numeric_greater_than_path.1
    Row(#"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, #"{"Variable":1,"Value":1}"#, false),  // numeric.numeric_greater_than_path.3
    Row(#"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, #"{"Variable":1,"Value":0}"#, true),  // numeric.numeric_greater_than_path.4
    Row(#"{"Variable":"$.Variable","NumericGreaterThanPath":"$.Value"}"#, #"{"Variable":0,"Value":1}"#, false),  // numeric.numeric_greater_than_path.5
    Row(#"{"Variable":"$.Variable","NumericLessThan":0}"#, #"{"Variable":0,"Value":0}"#, false),  // numeric.numeric_less_than.0
    Row(#"{"Variable":"$.Variable","NumericLessThan":0}"#, #"{"Variable":0.0,"Value":0}"#, false),  // numeric.numeric_less_than.1
    Row(#"{"Variable":"$.Variable","NumericLessThan":0}"#, #"{"Variable":1,"Value":0}"#, false),  // numeric.numeric_less_than.4
    Row(#"{"Variable":"$.Variable","NumericLessThan":1}"#, #"{"Variable":0,"Value":1}"#, true),  // numeric.numeric_less_than.5
    Row(#"{"Variable":"$.Variable","NumericLessThanEquals":0}"#, #"{"Variable":0.0,"Value":0}"#, true),  // numeric.numeric_less_than_equals.1
    Row(#"{"Variable":"$.Variable","NumericLessThanEquals":1}"#, #"{"Variable":0,"Value":1}"#, true),  // numeric.numeric_less_than_equals.2
    Row(#"{"Variable":"$.Variable","NumericLessThanEquals":1}"#, #"{"Variable":0,"Value":1}"#, true),  // numeric.numeric_less_than_equals.5
    Row(#"{"Variable":"$.Variable","NumericLessThanEqualsPath":"$.Value"}"#, #"{"Variable":0,"Value":1}"#, true),  // numeric.numeric_less_than_equals_path.2
    Row(#"{"Variable":"$.Variable","NumericLessThanEqualsPath":"$.Value"}"#, #"{"Variable":1,"Value":1}"#, true),  // numeric.numeric_less_than_equals_path.3
    Row(#"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, #"{"Variable":0,"Value":0}"#, false),  // numeric.numeric_less_than_path.0
    Row(#"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, #"{"Variable":0,"Value":1}"#, true),  // numeric.numeric_less_than_path.2
    Row(#"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, #"{"Variable":1,"Value":1}"#, false),  // numeric.numeric_less_than_path.3
    Row(#"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, #"{"Variable":1,"Value":0}"#, false),  // numeric.numeric_less_than_path.4
    Row(#"{"Variable":"$.Variable","NumericLessThanPath":"$.Value"}"#, #"{"Variable":0,"Value":1}"#, true),  // numeric.numeric_less_than_path.5
    Row(#"{"Variable":"$.Variable","StringEquals":"HelloWorld"}"#, #"{"Variable":{"A":0},"Value":"HelloWorld"}"#, false),  // string_operators.string_equals.10
    Row(#"{"Variable":"$.Variable","StringEquals":"HelloWorld"}"#, #"{"Variable":false,"Value":"HelloWorld"}"#, false),  // string_operators.string_equals.11
    Row(#"{"Variable":"$.Variable","StringEquals":"\t\r\n"}"#, #"{"Variable":"\t\n","Value":"\t\r\n"}"#, false),  // string_operators.string_equals.14
    Row(#"{"Variable":"$.Variable","StringEquals":"Hello"}"#, #"{"Variable":"Hello","Value":"Hello"}"#, true),  // string_operators.string_equals.15
    Row(#"{"Variable":"$.Variable","StringEquals":"HelloWorld"}"#, #"{"Variable":0.0,"Value":"HelloWorld"}"#, false),  // string_operators.string_equals.2
    Row(#"{"Variable":"$.Variable","StringEquals":"HelloWorld"}"#, #"{"Variable":1,"Value":"HelloWorld"}"#, false),  // string_operators.string_equals.3
    Row(#"{"Variable":"$.Variable","StringEquals":"HelloWorld"}"#, #"{"Variable":[],"Value":"HelloWorld"}"#, false),  // string_operators.string_equals.7
    Row(#"{"Variable":"$.Variable","StringEqualsPath":"$.Value"}"#, #"{"Variable":" ","Value":"     "}"#, false),  // string_operators.string_equals_path.0
    Row(#"{"Variable":"$.Variable","StringGreaterThan":""}"#, #"{"Variable":"","Value":""}"#, false),  // string_operators.string_greater_than.0
    Row(#"{"Variable":"$.Variable","StringGreaterThan":"A "}"#, #"{"Variable":"A","Value":"A "}"#, false),  // string_operators.string_greater_than.1
    Row(#"{"Variable":"$.Variable","StringGreaterThan":"A\t\n\r"}"#, #"{"Variable":"A","Value":"A\t\n\r"}"#, false),  // string_operators.string_greater_than.2
    Row(#"{"Variable":"$.Variable","StringGreaterThan":"ABC"}"#, #"{"Variable":"AB","Value":"ABC"}"#, false),  // string_operators.string_greater_than.3
    Row(#"{"Variable":"$.Variable","StringGreaterThanEquals":""}"#, #"{"Variable":"","Value":""}"#, true),  // string_operators.string_greater_than_equals.0
    Row(#"{"Variable":"$.Variable","StringGreaterThanEquals":"A"}"#, #"{"Variable":"AB","Value":"A"}"#, true),  // string_operators.string_greater_than_equals.2
    Row(#"{"Variable":"$.Variable","StringGreaterThanEqualsPath":"$.Value"}"#, #"{"Variable":"","Value":""}"#, true),  // string_operators.string_greater_than_equals_path.0
    Row(#"{"Variable":"$.Variable","StringLessThan":""}"#, #"{"Variable":"","Value":""}"#, false),  // string_operators.string_less_than.0
    Row(#"{"Variable":"$.Variable","StringLessThan":"AB"}"#, #"{"Variable":"A","Value":"AB"}"#, true),  // string_operators.string_less_than.1
    Row(#"{"Variable":"$.Variable","StringLessThan":"A"}"#, #"{"Variable":"AB","Value":"A"}"#, false),  // string_operators.string_less_than.2
    Row(#"{"Variable":"$.Variable","StringLessThanEquals":""}"#, #"{"Variable":"","Value":""}"#, true),  // string_operators.string_less_than_equals.0
    Row(#"{"Variable":"$.Variable","StringLessThanEquals":"AB"}"#, #"{"Variable":"A","Value":"AB"}"#, true),  // string_operators.string_less_than_equals.1
    Row(#"{"Variable":"$.Variable","StringLessThanEquals":"A"}"#, #"{"Variable":"AB","Value":"A"}"#, false),  // string_operators.string_less_than_equals.2
    Row(#"{"Variable":"$.Variable","StringLessThanEqualsPath":"$.Value"}"#, #"{"Variable":"","Value":""}"#, true),  // string_operators.string_less_than_equals_path.0
    Row(#"{"Variable":"$.Variable","StringLessThanEqualsPath":"$.Value"}"#, #"{"Variable":"A","Value":"AB"}"#, true),  // string_operators.string_less_than_equals_path.1
    Row(#"{"Variable":"$.Variable","StringLessThanPath":"$.Value"}"#, #"{"Variable":"","Value":""}"#, false),  // string_operators.string_less_than_path.0
    Row(#"{"Variable":"$.Variable","StringLessThanPath":"$.Value"}"#, #"{"Variable":"A","Value":"AB"}"#, true),  // string_operators.string_less_than_path.1
    Row(#"{"Variable":"$.Variable","StringLessThanPath":"$.Value"}"#, #"{"Variable":"AB","Value":"A"}"#, false),  // string_operators.string_less_than_path.2
    Row(#"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, #"{"Variable":{},"Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals.10
    Row(
        #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, #"{"Variable":false,"Value":"2012-10-09T19:00:55Z"}"#, false
    ),  // timestamp_operators.timestamp_equals.12
    Row(
        #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, #"{"Variable":true,"Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals.13
    Row(
        #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:55Z"}"#, true),  // timestamp_operators.timestamp_equals.14
    Row(
        #"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals.16
    Row(#"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, #"{"Variable":0.0,"Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals.2
    Row(#"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, #"{"Variable":1,"Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals.3
    Row(#"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, #"{"Variable":1.1,"Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals.4
    Row(#"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, #"{"Variable":"","Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals.5
    Row(#"{"Variable":"$.Variable","TimestampEquals":"2012-10-09T19:00:55Z"}"#, #"{"Variable":[],"Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals.8
    Row(
        #"{"Variable":"$.Variable","TimestampEqualsPath":"$.Value"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:55Z"}"#, true),  // timestamp_operators.timestamp_equals_path.0
    Row(
        #"{"Variable":"$.Variable","TimestampEqualsPath":"$.Value"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:56Z"}"#, false),  // timestamp_operators.timestamp_equals_path.1
    Row(
        #"{"Variable":"$.Variable","TimestampEqualsPath":"$.Value"}"#,
        #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_equals_path.2
    Row(
        #"{"Variable":"$.Variable","TimestampGreaterThan":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_greater_than.0
    Row(
        #"{"Variable":"$.Variable","TimestampGreaterThan":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, true),  // timestamp_operators.timestamp_greater_than.2
    Row(
        #"{"Variable":"$.Variable","TimestampGreaterThanEquals":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:55Z"}"#, true),  // timestamp_operators.timestamp_greater_than_equals.0
    Row(
        #"{"Variable":"$.Variable","TimestampGreaterThanEquals":"2012-10-09T19:00:56Z"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:56Z"}"#, false),  // timestamp_operators.timestamp_greater_than_equals.1
    Row(
        #"{"Variable":"$.Variable","TimestampGreaterThanEquals":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, true),  // timestamp_operators.timestamp_greater_than_equals.2
    Row(
        #"{"Variable":"$.Variable","TimestampLessThan":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_less_than.0
    Row(
        #"{"Variable":"$.Variable","TimestampLessThan":"2012-10-09T19:00:56Z"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:56Z"}"#, true),  // timestamp_operators.timestamp_less_than.1
    Row(
        #"{"Variable":"$.Variable","TimestampLessThan":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_less_than.2
    Row(
        #"{"Variable":"$.Variable","TimestampLessThanEquals":"2012-10-09T19:00:55Z"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:55Z"}"#, true),  // timestamp_operators.timestamp_less_than_equals.0
    Row(
        #"{"Variable":"$.Variable","TimestampLessThanEquals":"2012-10-09T19:00:56Z"}"#,
        #"{"Variable":"2012-10-09T19:00:55Z","Value":"2012-10-09T19:00:56Z"}"#, true),  // timestamp_operators.timestamp_less_than_equals.1
    Row(
        #"{"Variable":"$.Variable","TimestampLessThanEqualsPath":"$.Value"}"#,
        #"{"Variable":"2012-10-09T19:00:56Z","Value":"2012-10-09T19:00:55Z"}"#, false),  // timestamp_operators.timestamp_less_than_equals_path
]
