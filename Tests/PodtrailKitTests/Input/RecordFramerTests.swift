import Testing

@testable import PodtrailKit

struct RecordFramerTests {
    static let ndjson = """
        {"a":1}
        {"b":"x}y"}
        {"c":[1,{"d":"\\"}"}]}

        """

    @Test(arguments: [1, 2, 3, 7, 64, 1 << 20])
    func framesNewlineDelimitedJSONAtAnyChunkSize(chunk: Int) throws {
        let result = try TestSupport.frame(Self.ndjson, chunk: chunk)
        #expect(result.records == [#"{"a":1}"#, #"{"b":"x}y"}"#, #"{"c":[1,{"d":"\"}"}]}"#])
        #expect(result.rejects.isEmpty)
    }

    @Test func anIndentedObjectAtTheStartOfALineIsNotANewRecord() throws {
        let text = "{\n    \"items2\": [\n        {\n            \"a\": 1\n        }\n    ]\n}\n{\n    \"b\": 2\n}\n"
        let result = try TestSupport.frame(text, chunk: 3)
        #expect(result.records.count == 2)
        #expect(result.rejects.isEmpty)
    }

    @Test func framesConcatenatedIndentedObjects() throws {
        let text = "{\n    \"kind\": \"Pod\",\n    \"spec\": {\n        \"x\": 1\n    }\n}\n{\n    \"kind\": \"Event\"\n}{\"kind\":\"Pod\"}"
        let result = try TestSupport.frame(text, chunk: 5)
        #expect(result.records.count == 3)
        #expect(result.records[1] == "{\n    \"kind\": \"Event\"\n}")
        #expect(result.records[2] == #"{"kind":"Pod"}"#)
    }

    @Test(arguments: [1, 4, 100])
    func streamsTheItemsOfAListDocument(chunk: Int) throws {
        let text = """
            {
                "apiVersion": "v1",
                "items": [
                    {"kind": "Event", "n": 1},
                    {"kind": "Event", "items": [2]}
                ],
                "kind": "List",
                "metadata": {"resourceVersion": ""}
            }
            {"kind":"Pod"}
            """
        let result = try TestSupport.frame(text, chunk: chunk)
        #expect(result.records == [#"{"kind": "Event", "n": 1}"#, #"{"kind": "Event", "items": [2]}"#, #"{"kind":"Pod"}"#])
        #expect(result.rejects.isEmpty)
    }

    @Test func aListLargerThanTheRecordLimitIsStreamedNotRejected() throws {
        let item = #"{"kind":"Event","message":"\#(String(repeating: "x", count: 100))"}"#
        let text = #"{"kind":"EventList","items":["# + Array(repeating: item, count: 50).joined(separator: ",") + "]}"
        let result = try TestSupport.frame(text, chunk: 333, maxRecordBytes: 1000)
        #expect(result.records.count == 50)
        #expect(result.rejects.isEmpty)
    }

    @Test func framesTheElementsOfATopLevelArray() throws {
        let result = try TestSupport.frame(#"[{"a":1}, {"b":2}, 3]"#)
        #expect(result.records == [#"{"a":1}"#, #"{"b":2}"#, "3"])
    }

    @Test func rejectsARecordOverTheLimitButKeepsTheNext() throws {
        let big = #"{"m":""# + String(repeating: "y", count: 5000) + #""}"#
        let result = try TestSupport.frame(big + "\n{\"ok\":1}\n", chunk: 1000, maxRecordBytes: 1024)
        #expect(result.records == [#"{"ok":1}"#])
        #expect(result.rejects == ["record larger than the limit of 1024 bytes (--max-record-mib)"])
    }

    @Test func aLineCutShortDoesNotSwallowTheLinesAfterIt() throws {
        let text = """
            {"a":1}
            {"b":{"c":
            {"d":1}
            {"e":"unterminated
            {"f":1}
            """
        let result = try TestSupport.frame(text)
        #expect(result.records == [#"{"a":1}"#, #"{"d":1}"#, #"{"f":1}"#])
        #expect(result.rejects.count == 2)
    }

    @Test func garbageLinesBecomeRecordsTheDecoderRejects() throws {
        let result = try TestSupport.frame("hello world\n{\"a\":1}\n42\n")
        #expect(result.records == ["hello world", #"{"a":1}"#, "42"])
    }

    @Test func aRecordOpenAtTheEndIsRejectedAsTruncated() throws {
        let result = try TestSupport.frame("{\"a\":1}\n{\"b\":[1,2")
        #expect(result.records == [#"{"a":1}"#])
        #expect(result.rejects == ["truncated: the input ends inside a record"])
    }

    @Test func deepNestingIsFramedWithoutRecursion() throws {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let result = try TestSupport.frame("{\"x\":" + text + "}\n", maxRecordBytes: 1 << 20)
        #expect(result.records.count == 1)
    }
}
