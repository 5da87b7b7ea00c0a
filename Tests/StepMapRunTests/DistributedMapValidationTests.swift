import StepLanguage
import Testing

/// Definitions a Distributed Map refuses, each naming the field at fault.
@Suite struct DistributedMapValidationTests {
    /// The locations of the diagnostics `fields` (in state `M`) produce, or `[]` when the definition is valid.
    func problems(_ fields: String, language: String? = nil) -> [String] {
        do {
            _ = try DefinitionParser.parse(Harness.machine(fields, language: language))
            return []
        } catch {
            return error.diagnostics.map(\.location)
        }
    }

    @Test(arguments: [
        // ItemReader with a resource other than s3:getObject / s3:listObjectsV2.
        (
            #""ItemReader": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Key": "k"}}"#,
            "/States/M/ItemReader/Resource"
        ),
        (
            #""ItemReader": {"Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {}}"#,
            "/States/M/ItemReader/Resource"
        ),
        (#""ItemReader": {"Parameters": {"Bucket": "b"}}"#, "/States/M/ItemReader/Resource"),
        // ReaderConfig values.
        (
            #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "XML"}, "Parameters": {"Bucket": "b", "Key": "k"}}"#,
            "/States/M/ItemReader/ReaderConfig/InputType"
        ),
        (
            #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVDelimiter": "COLON"}, "Parameters": {"Bucket": "b", "Key": "k"}}"#,
            "/States/M/ItemReader/ReaderConfig/CSVDelimiter"
        ),
        (
            #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN"}, "Parameters": {"Bucket": "b", "Key": "k"}}"#,
            "/States/M/ItemReader/ReaderConfig/CSVHeaders"
        ),
        (
            #""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "Bogus": 1}, "Parameters": {"Bucket": "b", "Key": "k"}}"#,
            "/States/M/ItemReader/ReaderConfig/Bogus"
        ),
        // ResultWriter.
        (#""ResultWriter": {}"#, "/States/M/ResultWriter"),
        (#""ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"}"#, "/States/M/ResultWriter"),
        (
            #""ResultWriter": {"Resource": "arn:aws:states:::s3:getObject", "Parameters": {"Bucket": "b"}}"#,
            "/States/M/ResultWriter/Resource"
        ),
        (
            #""ResultWriter": {"WriterConfig": {"Transformation": "SQUASH"}}"#,
            "/States/M/ResultWriter/WriterConfig/Transformation"
        ),
        (#""ResultWriter": {"WriterConfig": {"OutputType": "CSV"}}"#, "/States/M/ResultWriter/WriterConfig/OutputType"),
        // ItemBatcher.
        (#""ItemBatcher": {}"#, "/States/M/ItemBatcher"),
        (#""ItemBatcher": {"BatchInput": {"a": 1}}"#, "/States/M/ItemBatcher"),
        (#""ItemBatcher": {"MaxItemsPerBatch": 0}"#, "/States/M/ItemBatcher/MaxItemsPerBatch"),
        // Thresholds and label.
        (#""ToleratedFailurePercentage": 101"#, "/States/M/ToleratedFailurePercentage"),
        (#""Label": "has space""#, "/States/M/Label"),
    ])
    func invalidFieldIsNamed(fields: String, location: String) {
        let found = problems(fields)
        #expect(found.contains(location), "got \(found)")
    }

    @Test func validDistributedMapParses() {
        let fields = """
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
              "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a"], "CSVDelimiter": "TAB",
                               "MaxItems": 10},
              "Parameters": {"Bucket": "b", "Key.$": "$.key"}},
            "ItemBatcher": {"MaxItemsPerBatch": 2, "MaxInputBytesPerBatch": 1024, "BatchInput": {"x.$": "$.x"}},
            "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"},
                             "WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSONL"}},
            "ToleratedFailurePercentage": 5, "ToleratedFailureCount": 3, "Label": "Export", "MaxConcurrency": 10
            """
        #expect(problems(fields) == [])
    }

    @Test func jsonataReaderTakesArgumentsNotParameters() {
        let arguments =
            #""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Arguments": {"Bucket": "b"}}"#
        #expect(problems(arguments, language: "JSONata") == [])
        let parameters =
            #""ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "b"}}"#
        #expect(problems(parameters, language: "JSONata").contains("/States/M/ItemReader/Parameters"))
    }

    @Test func distributedFieldsNeedADistributedProcessor() throws {
        let inline = """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemBatcher": {"MaxItemsPerBatch": 2},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, \(Harness.passThrough)}, "End": true}}}
            """
        #expect(throws: DefinitionError.self) { try DefinitionParser.parse(inline) }
        do {
            _ = try DefinitionParser.parse(inline)
        } catch {
            #expect(error.diagnostics.map(\.location).contains("/States/M/ItemBatcher"))
        }
    }
}
