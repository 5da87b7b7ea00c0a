import StepJSON
import StepMapRun
import Testing

/// `ItemReader` over CSV objects. The expected rows follow what AWS returns for the same files (headers from
/// the first row or given, short rows padded with "", extra fields dropped, duplicate headers refused).
@Suite struct ItemReaderCSVTests {
    func read(_ csv: String, config: String = "", input: JSON = [:]) async throws -> (JSON?, String?, String?) {
        let bucket = try TempBucket()
        defer { bucket.remove() }
        try bucket.put("file.csv", csv)
        let result = try await Harness.run(
            Harness.machine(Harness.reader(bucket.path, "file.csv", "CSV", config: config)), input: input)
        return (result.output, result.error, result.cause)
    }

    @Test func firstRowHeadersAsAWSReadsThem() async throws {
        let csv =
            "Col1,Col2,Col3\nValue1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n"
        let (output, error, _) = try await read(csv, config: #""CSVHeaderLocation": "FIRST_ROW""#)
        #expect(error == nil)
        #expect(
            output == [
                ["Col1": "Value1", "Col2": "Value2", "Col3": "Value3"],
                ["Col1": "Value4", "Col2": "Value5", "Col3": "Value6"],
                ["Col1": "", "Col2": "", "Col3": ""],
                ["Col1": "true", "Col2": "1", "Col3": "'HelloWorld'"],
                ["Col1": "Null", "Col2": "None", "Col3": ""],
                ["Col1": "   ", "Col2": "", "Col3": ""],
            ])
    }

    @Test func firstRowIsTheDefaultHeaderLocation() async throws {
        let (output, _, _) = try await read("a,b\n1,2\n")
        #expect(output == [["a": "1", "b": "2"]])
    }

    @Test func givenHeadersReadEveryRowAsData() async throws {
        let (output, error, _) = try await read(
            "1,307,3.5\n1,481,3.5\n",
            config: #""CSVHeaderLocation": "GIVEN", "CSVHeaders": ["userId", "movieId", "rating"]"#)
        #expect(error == nil)
        #expect(
            output == [
                ["userId": "1", "movieId": "307", "rating": "3.5"], ["userId": "1", "movieId": "481", "rating": "3.5"],
            ])
    }

    /// AWS keeps the declared columns and drops the rest.
    @Test func fieldsBeyondTheHeadersAreDropped() async throws {
        let (given, givenError, _) = try await read(
            "Value1,Value2,Value3\n,,,\n", config: #""CSVHeaderLocation": "GIVEN", "CSVHeaders": ["H1"]"#)
        #expect(givenError == nil)
        #expect(given == [["H1": "Value1"], ["H1": ""]])
        let (firstRow, _, _) = try await read("H1,\nValue4,Value5,Value6\ntrue,1,'HelloWorld'\n")
        #expect(firstRow == [["H1": "Value4", "": "Value5"], ["H1": "true", "": "1"]])
    }

    /// AWS: `States.ItemReaderFailed`, "CSV headers cannot contain duplicates."
    @Test func duplicateHeadersFailTheReader() async throws {
        let (_, given, givenCause) = try await read(
            "1,2,3\n", config: #""CSVHeaderLocation": "GIVEN", "CSVHeaders": ["H1", "H1", "H3"]"#)
        #expect(given == "States.ItemReaderFailed")
        #expect(givenCause == "CSV headers cannot contain duplicates.")
        let (_, firstRow, _) = try await read("a,b,a\n1,2,3\n")
        #expect(firstRow == "States.ItemReaderFailed")
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() async throws {
        let csv = "name,note\n\"Smith, John\",\"said \"\"hi\"\"\"\n\"multi\nline\",\"\"\nplain,\"a,\r\nb\"\n"
        let (output, error, _) = try await read(csv)
        #expect(error == nil)
        #expect(
            output == [
                ["name": "Smith, John", "note": "said \"hi\""],
                ["name": "multi\nline", "note": ""],
                ["name": "plain", "note": "a,\nb"],
            ])
    }

    @Test func unterminatedQuoteFailsTheReader() async throws {
        let (_, error, _) = try await read("a,b\n\"open,1\n")
        #expect(error == "States.ItemReaderFailed")
    }

    @Test(arguments: [("PIPE", "|"), ("SEMICOLON", ";"), ("TAB", "\t"), ("SPACE", " "), ("COMMA", ",")])
    func otherDelimiters(name: String, delimiter: String) async throws {
        let csv = ["a", "b,c"].joined(separator: delimiter) + "\n" + ["1", "x,y"].joined(separator: delimiter) + "\n"
        let (output, error, _) = try await read(csv, config: #""CSVDelimiter": "\#(name)""#)
        #expect(error == nil)
        if name == "COMMA" {
            #expect(output == [["a": "1", "b": "x", "c": "y"]])
        } else {
            #expect(output == [["a": "1", "b,c": "x,y"]])
        }
    }

    /// `MaxItems` counts data rows, never the header row.
    @Test func maxItemsCountsRowsNotTheHeader() async throws {
        let csv = "Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\n"
        let (two, _, _) = try await read(csv, config: #""MaxItems": 2"#)
        #expect(two == [["Col1": "Value1", "Col2": "Value2"], ["Col1": "Value3", "Col2": "Value4"]])
        let (all, _, _) = try await read(csv, config: #""MaxItems": 100000000"#)
        #expect(all?.arrayValue?.count == 3)
    }

    @Test func emptyObjectAndHeaderOnlyGiveNoItems() async throws {
        let (empty, emptyError, _) = try await read("")
        #expect(emptyError == nil)
        #expect(empty == [])
        let (headerOnly, _, _) = try await read("a,b\n")
        #expect(headerOnly == [])
    }
}
