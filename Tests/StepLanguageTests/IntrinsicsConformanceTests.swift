import StepJSON
import Testing

@testable import StepLanguage

/// The intrinsic calls of the conformance corpus (`intrinsic_functions`), with the input and the
/// `FunctionResult` AWS recorded. Paths resolve against the input; `$$` against a context object
/// with the corpus's placeholders.
@Suite struct IntrinsicsConformanceTests {
    static let cases: [(String, String, String, String)] = [
        (
            #"array.array_0"#, #"States.Array()"#,
            #"{"FunctionInput": "HelloWorld"}"#,
            #"[]"#
        ),
        (
            #"array.array_2.0"#, #"States.Array($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "", "snd": ""}}"#,
            #"["", ""]"#
        ),
        (
            #"array.array_2.1"#, #"States.Array($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": " ", "snd": " "}}"#,
            #"[" ", " "]"#
        ),
        (
            #"array.array_2.2"#, #"States.Array($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "HelloWorld", "snd": "HelloWorld"}}"#,
            #"["HelloWorld", "HelloWorld"]"#
        ),
        (
            #"array.array_2.3"#, #"States.Array($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": null, "snd": null}}"#,
            #"[null, null]"#
        ),
        (
            #"array.array_2.4"#, #"States.Array($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 1, "snd": 1}}"#,
            #"[1, 1]"#
        ),
        (
            #"array.array_2.6"#, #"States.Array($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "{\"Arg1\": 1, \"Arg2\": []}", "snd": "{\"Arg1\": 1, \"Arg2\": []}"}}"#,
            #"["{\"Arg1\": 1, \"Arg2\": []}", "{\"Arg1\": 1, \"Arg2\": []}"]"#
        ),
        (
            #"array.array_2.7"#, #"States.Array($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": {"Arg1": 1, "Arg2": []}, "snd": {"Arg1": 1, "Arg2": []}}}"#,
            #"[{"Arg1": 1, "Arg2": []}, {"Arg1": 1, "Arg2": []}]"#
        ),
        (
            #"array.array_contains.0"#, #"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [], "snd": null}}"#,
            #"false"#
        ),
        (
            #"array.array_contains.2"#, #"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [], "snd": 1}}"#,
            #"false"#
        ),
        (
            #"array.array_contains.3"#, #"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [[1, 2, 3], 2], "snd": null}}"#,
            #"false"#
        ),
        (
            #"array.array_contains.4"#, #"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [[1, 2, 3], 2], "snd": [1, 2, 3]}}"#,
            #"true"#
        ),
        (
            #"array.array_contains.5"#, #"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [{"1": 2, "2": []}], "snd": []}}"#,
            #"false"#
        ),
        (
            #"array.array_contains.6"#, #"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [{"1": 2, "2": []}], "snd": {"1": 2, "2": []}}}"#,
            #"true"#
        ),
        (
            #"array.array_contains.7"#, #"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [true, false], "snd": true}}"#,
            #"true"#
        ),
        (
            #"array.array_contains.8"#, #"States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [true, false], "snd": false}}"#,
            #"true"#
        ),
        (
            #"array.array_length"#, #"States.ArrayLength($.FunctionInput)"#,
            #"{"FunctionInput": [1, 2, 3, 4, 5, 6, 7, 8, 9]}"#,
            #"9"#
        ),
        (
            #"array.array_partition.0"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [], "snd": 1}}"#,
            #"[]"#
        ),
        (
            #"array.array_partition.11"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1], "snd": 2}}"#,
            #"[[0, 1]]"#
        ),
        (
            #"array.array_partition.14"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1], "snd": 5}}"#,
            #"[[0, 1]]"#
        ),
        (
            #"array.array_partition.16"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1, 2], "snd": 2}}"#,
            #"[[0, 1], [2]]"#
        ),
        (
            #"array.array_partition.17"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1, 2], "snd": 3}}"#,
            #"[[0, 1, 2]]"#
        ),
        (
            #"array.array_partition.19"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1, 2], "snd": 5}}"#,
            #"[[0, 1, 2]]"#
        ),
        (
            #"array.array_partition.2"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [], "snd": 3}}"#,
            #"[]"#
        ),
        (
            #"array.array_partition.20"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 1}}"#,
            #"[[0], [1], [2], [3]]"#
        ),
        (
            #"array.array_partition.21"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 2}}"#,
            #"[[0, 1], [2, 3]]"#
        ),
        (
            #"array.array_partition.22"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 3}}"#,
            #"[[0, 1, 2], [3]]"#
        ),
        (
            #"array.array_partition.23"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 4}}"#,
            #"[[0, 1, 2, 3]]"#
        ),
        (
            #"array.array_partition.24"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 5}}"#,
            #"[[0, 1, 2, 3]]"#
        ),
        (
            #"array.array_partition.3"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [], "snd": 4}}"#,
            #"[]"#
        ),
        (
            #"array.array_partition.6"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0], "snd": 2}}"#,
            #"[[0]]"#
        ),
        (
            #"array.array_partition.7"#, #"States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": [0], "snd": 3}}"#,
            #"[[0]]"#
        ),
        (
            #"array.array_range.0"#, #"States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)"#,
            #"{"FunctionInput": {"fst": 0, "snd": 9, "trd": 3}}"#,
            #"[0, 3, 6, 9]"#
        ),
        (
            #"array.array_range.1"#, #"States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)"#,
            #"{"FunctionInput": {"fst": 0, "snd": 10, "trd": 3}}"#,
            #"[0, 3, 6, 9]"#
        ),
        (
            #"array.array_unique"#, #"States.ArrayLength($.FunctionInput)"#,
            #"{"FunctionInput": [null, null, true, true, false, false, 1, 1, 1.1, 0, 0, "HelloWorld", "HelloWorld", [], [], [null], [null], {"a": 1, "b": 2}, {"a": 1, "b": 2}, {"a": 1, "b": 1}]}"#,
            #"20"#
        ),
        (
            #"encode_decode.base_64_decode.0"#, #"States.Base64Decode($.FunctionInput)"#,
            #"{"FunctionInput": ""}"#,
            #""""#
        ),
        (
            #"encode_decode.base_64_decode.1"#, #"States.Base64Decode($.FunctionInput)"#,
            #"{"FunctionInput": "RGF0YSB0byBlbmNvZGU="}"#,
            #""Data to encode""#
        ),
        (
            #"encode_decode.base_64_encode.0"#, #"States.Base64Encode($.FunctionInput)"#,
            #"{"FunctionInput": ""}"#,
            #""""#
        ),
        (
            #"encode_decode.base_64_encode.1"#, #"States.Base64Encode($.FunctionInput)"#,
            #"{"FunctionInput": "Data to encode"}"#,
            #""RGF0YSB0byBlbmNvZGU=""#
        ),
        (
            #"generic.context_json_path"#, #"States.Format('Formatting arguments fst={} and snd={}.', $$.Execution.Name, $$.StateMachine)"#,
            #"{"FunctionInput": null}"#,
            #""Formatting arguments fst=<ExecArnPart_0idx> and snd={Id=arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>, Name=<ArnPart_0idx>}.""#
        ),
        (
            #"generic.escape_sequence"#, #"States.StringSplit('Hello\#nWorld', '\#n')"#,
            #"{"FunctionInput": null}"#,
            #"["Hello", "World"]"#
        ),
        (
            #"generic.format_1.0"#, #"States.Format('Formatting argument {}.', $.FunctionInput)"#,
            #"{"FunctionInput": ""}"#,
            #""Formatting argument .""#
        ),
        (
            #"generic.format_1.1"#, #"States.Format('Formatting argument {}.', $.FunctionInput)"#,
            #"{"FunctionInput": " "}"#,
            #""Formatting argument  .""#
        ),
        (
            #"generic.format_1.4"#, #"States.Format('Formatting argument {}.', $.FunctionInput)"#,
            #"{"FunctionInput": 1}"#,
            #""Formatting argument 1.""#
        ),
        (
            #"generic.format_1.5"#, #"States.Format('Formatting argument {}.', $.FunctionInput)"#,
            #"{"FunctionInput": 1.1}"#,
            #""Formatting argument 1.1.""#
        ),
        (
            #"generic.format_2.1"#, #"States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": " ", "snd": " "}}"#,
            #""Formatting arguments fst=  and snd= .""#
        ),
        (
            #"generic.format_2.2"#, #"States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "HelloWorld", "snd": "HelloWorld"}}"#,
            #""Formatting arguments fst=HelloWorld and snd=HelloWorld.""#
        ),
        (
            #"generic.nested_calls_2"#,
            #"States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))"#,
            #"{"FunctionInput": null}"#,
            #""<ArnPart_0idx>""#
        ),
        (
            #"hash_calculations.hash.1"#, #"States.Hash($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "input data", "snd": "SHA-1"}}"#,
            #""aaff4a450a104cd177d28d18d74485e8cae074b7""#
        ),
        (
            #"hash_calculations.hash.2"#, #"States.Hash($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "input data", "snd": "SHA-256"}}"#,
            #""b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3""#
        ),
        (
            #"hash_calculations.hash.3"#, #"States.Hash($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "input data", "snd": "SHA-384"}}"#,
            #""d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562""#
        ),
        (
            #"json_manipulation.json_merge_escaped_argument"#,
            #"States.JsonMerge(States.StringToJson('{"constant_in_literal": "false"}'), $$.Execution.Input.input_field, false)"#,
            #"{"input_field": {"constant_input_field": "constant_value"}}"#,
            #"{"constant_input_field": "constant_value", "constant_in_literal": "false"}"#
        ),
        (
            #"json_manipulation.json_to_string.0"#, #"States.JsonToString($.FunctionInput)"#,
            #"{"FunctionInput": null}"#,
            #""null""#
        ),
        (
            #"json_manipulation.json_to_string.1"#, #"States.JsonToString($.FunctionInput)"#,
            #"{"FunctionInput": 0}"#,
            #""0""#
        ),
        (
            #"json_manipulation.json_to_string.2"#, #"States.JsonToString($.FunctionInput)"#,
            #"{"FunctionInput": 1}"#,
            #""1""#
        ),
        (
            #"json_manipulation.json_to_string.3"#, #"States.JsonToString($.FunctionInput)"#,
            #"{"FunctionInput": 1.1}"#,
            #""1.1""#
        ),
        (
            #"json_manipulation.json_to_string.4"#, #"States.JsonToString($.FunctionInput)"#,
            #"{"FunctionInput": true}"#,
            #""true""#
        ),
        (
            #"json_manipulation.json_to_string.7"#, #"States.JsonToString($.FunctionInput)"#,
            #"{"FunctionInput": {"Arg1": 1, "Arg2": []}}"#,
            #""{\"Arg1\":1,\"Arg2\":[]}""#
        ),
        (
            #"json_manipulation.string_to_json.0"#, #"States.StringToJson($.FunctionInput)"#,
            #"{"FunctionInput": ""}"#,
            #"null"#
        ),
        (
            #"json_manipulation.string_to_json.2"#, #"States.StringToJson($.FunctionInput)"#,
            #"{"FunctionInput": "null"}"#,
            #"null"#
        ),
        (
            #"json_manipulation.string_to_json.5"#, #"States.StringToJson($.FunctionInput)"#,
            #"{"FunctionInput": "1.1"}"#,
            #"1.1"#
        ),
        (
            #"json_manipulation.string_to_json.6"#, #"States.StringToJson($.FunctionInput)"#,
            #"{"FunctionInput": "true"}"#,
            #"true"#
        ),
        (
            #"json_manipulation.string_to_json.8"#, #"States.StringToJson($.FunctionInput)"#,
            #"{"FunctionInput": "[1, 2, \"HelloWorld\"]"}"#,
            #"[1, 2, "HelloWorld"]"#
        ),
        (
            #"json_manipulation.string_to_json.9"#, #"States.StringToJson($.FunctionInput)"#,
            #"{"FunctionInput": "{\"Arg1\": 1, \"Arg2\": []}"}"#,
            #"{"Arg1": 1, "Arg2": []}"#
        ),
        (
            #"math_operations.math_add.0"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -9, "snd": 3}}"#,
            #"-6"#
        ),
        (
            #"math_operations.math_add.11"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -1.51, "snd": 0}}"#,
            #"-2"#
        ),
        (
            #"math_operations.math_add.13"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 1.5, "snd": 0}}"#,
            #"2"#
        ),
        (
            #"math_operations.math_add.15"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 3.5, "snd": 0}}"#,
            #"4"#
        ),
        (
            #"math_operations.math_add.18"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -1.5, "snd": 0}}"#,
            #"-1"#
        ),
        (
            #"math_operations.math_add.19"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -2.5, "snd": 0}}"#,
            #"-2"#
        ),
        (
            #"math_operations.math_add.2"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 1.5, "snd": 1.51}}"#,
            #"4"#
        ),
        (
            #"math_operations.math_add.20"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -3.5, "snd": 0}}"#,
            #"-3"#
        ),
        (
            #"math_operations.math_add.3"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -1.49, "snd": -1.5}}"#,
            #"-2"#
        ),
        (
            #"math_operations.math_add.4"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -1.5, "snd": -1.51}}"#,
            #"-3"#
        ),
        (
            #"math_operations.math_add.5"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 1.49, "snd": 0}}"#,
            #"1"#
        ),
        (
            #"math_operations.math_add.7"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 1.5, "snd": 0}}"#,
            #"2"#
        ),
        (
            #"math_operations.math_add.8"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 1.51, "snd": 0}}"#,
            #"2"#
        ),
        (
            #"math_operations.math_add.9"#, #"States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -1.49, "snd": 0}}"#,
            #"-1"#
        ),
        (
            #"math_operations.math_random.0"#, #"States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 12.5, "snd": 44.51}}"#,
            #""<RandomNumberGenerated>""#
        ),
        (
            #"math_operations.math_random.1"#, #"States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": 9999, "snd": 99999}}"#,
            #""<RandomNumberGenerated>""#
        ),
        (
            #"math_operations.math_random.2"#, #"States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": -99999, "snd": -9999}}"#,
            #""<RandomNumberGenerated>""#
        ),
        (
            #"string_operations.string_split.0"#, #"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": " ", "snd": ","}}"#,
            #"[" "]"#
        ),
        (
            #"string_operations.string_split.1"#, #"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": " , ", "snd": ","}}"#,
            #"[" ", " "]"#
        ),
        (
            #"string_operations.string_split.2"#, #"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": ", , ,", "snd": ","}}"#,
            #"[" ", " "]"#
        ),
        (
            #"string_operations.string_split.3"#, #"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": ",,,,", "snd": ","}}"#,
            #"[]"#
        ),
        (
            #"string_operations.string_split.4"#, #"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "1,2,3,4,5", "snd": ","}}"#,
            #"["1", "2", "3", "4", "5"]"#
        ),
        (
            #"string_operations.string_split.5"#, #"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "This.is+a,test=string", "snd": ".+,="}}"#,
            #"["This", "is", "a", "test", "string"]"#
        ),
        (
            #"string_operations.string_split.6"#, #"States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)"#,
            #"{"FunctionInput": {"fst": "split on T and \nnew line", "snd": "T\n"}}"#,
            #"["split on ", " and ", "new line"]"#
        ),
        (
            #"string_operations.string_split_context_object"#, #"States.StringSplit($$.Execution.Input.FunctionInput, ',')"#,
            #"{"FunctionInput": "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n"}"#,
            #"["Value1", "Value2", "Value3\nValue4", "Value5", "Value6\n", "\ntrue", "1", "'HelloWorld'\nNull", "None", "\n   \n"]"#
        ),
    ]

    @Test(arguments: cases)
    func matchesAWS(_ testCase: (String, String, String, String)) throws {
        let (name, expression, inputText, expectedText) = testCase
        let input = try JSON(parsing: inputText)
        let expected = try JSON(parsing: expectedText)
        #expect(IntrinsicCall.looksLikeCall(expression), "\(name)")
        let call = try IntrinsicCall(parsing: expression)
        let result = try IntrinsicTestSupport.evaluate(call, input: input, context: IntrinsicTestSupport.context(input: input))
        if expected == .string("<RandomNumberGenerated>") {
            guard case .int(let n) = result,
                case .array(let bounds) = IntrinsicTestSupport.values(call, input: input)
            else {
                Issue.record("\(name): expected an integer, got \(result)")
                return
            }
            let low = Java.intValue(bounds[0]) ?? 0
            let high = Java.intValue(bounds[1]) ?? 0
            #expect(n >= low && n < high, "\(name)")
        } else {
            #expect(result.serialized() == expected.serialized(), "\(name)")
        }
    }
}

/// Intrinsic calls from other corpus groups (`assign`, `scenarios`), with the values AWS recorded.
@Suite struct IntrinsicsOtherGroupsTests {
    static let input: JSON = [
        "inputArray": [1, 2, 3, 4, 5, 6], "duplicateArray": [1, 2, 2, 3, 3, 4], "rawString": "Hello World",
        "encodedString": "SGVsbG8gV29ybGQ=", "inputString": "Hash this string", "json1": ["a": 1, "b": 2],
        "json2": ["c": 3, "d": 4], "jsonString": #"{"key":"value"}"#, "jsonObject": ["test": "object"],
        "value1": 5, "value2": 3, "csvString": "a,b,c,d,e", "name": "John", "place": "LocalStack",
    ]

    @Test(arguments: [
        ("States.Array('a', 'b', 'c')", #"["a","b","c"]"#),
        ("States.ArrayPartition($.inputArray, 2)", "[[1,2],[3,4],[5,6]]"),
        ("States.ArrayContains($.inputArray, 5)", "true"),
        ("States.ArrayRange(1, 10, 2)", "[1,3,5,7,9]"),
        ("States.ArrayGetItem($.inputArray, 2)", "3"),
        ("States.ArrayLength($.inputArray)", "6"),
        ("States.ArrayUnique($.duplicateArray)", "[1,2,3,4]"),
        ("States.Base64Encode($.rawString)", #""SGVsbG8gV29ybGQ=""#),
        ("States.Base64Decode($.encodedString)", #""Hello World""#),
        ("States.Hash($.inputString, 'SHA-256')", #""1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e""#),
        ("States.JsonMerge($.json1, $.json2, false)", #"{"a":1,"b":2,"c":3,"d":4}"#),
        ("States.StringToJson($.jsonString)", #"{"key":"value"}"#),
        ("States.JsonToString($.jsonObject)", #""{\"test\":\"object\"}""#),
        ("States.MathAdd($.value1, $.value2)", "8"),
        ("States.StringSplit($.csvString, ',')", #"["a","b","c","d","e"]"#),
        ("States.Format('Hello {}, welcome to {}!', $.name, $.place)", #""Hello John, welcome to LocalStack!""#),
        ("States.ArrayRange(0, 3, 1)", "[0,1,2,3]"),
    ])
    func assignFromIntrinsicFunction(_ expression: String, _ expected: String) throws {
        #expect(try IntrinsicTestSupport.run(expression, Self.input).serialized() == expected)
    }

    @Test func referencesVariables() throws {
        let variables: [String: JSON] = ["yCurrent": 1, "xCurrent": 2, "zCurrent": 3, "bias": -4, "varname": "v"]
        #expect(
            try IntrinsicTestSupport.run(
                "States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)",
                variables: variables) == 2)
        #expect(try IntrinsicTestSupport.run("States.Format('Format Func {}', $varname)", variables: variables) == "Format Func v")
        #expect(try IntrinsicTestSupport.run("States.Format('Format Func {}', $.input_value)", ["input_value": "x"]) == "Format Func x")
    }
}
