import Testing

@testable import PodtrailKit

struct JSONDocumentTests {
    private func decodeString(_ json: String, key: StaticString) throws -> String? {
        var document = JSONDocument()
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBytes { raw in
            try document.parse(raw)
            return document.read(raw) { $0.string($0.member(0, key)) }
        }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try decodeString(#"{"m":"a\"b\\c\nd\u00e9\ud83d\ude00"}"#, key: "m") == "a\"b\\c\nd\u{e9}\u{1F600}")
    }

    @Test func theLastOfDuplicateKeysWinsAsInGo() throws {
        #expect(try decodeString(#"{"m":"first","m":"second"}"#, key: "m") == "second")
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        var bytes = Array(#"{"m":"ab"}"#.utf8)
        bytes.insert(0xff, at: 7)
        var document = JSONDocument()
        let text = try bytes.withUnsafeBytes { raw in
            try document.parse(raw)
            return document.read(raw) { $0.string($0.member(0, "m")) }
        }
        #expect(text == "a\u{FFFD}b")
    }

    @Test(arguments: [
        (#"{"a":}"#, JSONError.unexpected(character: 0x7d, offset: 5)),
        (#"{"a":1"#, JSONError.truncated),
        (#"{"a" 1}"#, JSONError.unexpected(character: 0x31, offset: 5)),
        (#"{"a":tru}"#, JSONError.unexpected(character: 0x7d, offset: 8)),
    ])
    func reportsWhereInvalidJSONBreaks(text: String, error: JSONError) throws {
        var document = JSONDocument()
        let bytes = Array(text.utf8)
        #expect(throws: error) { try bytes.withUnsafeBytes { try document.parse($0) } }
    }

    @Test func refusesNestingDeeperThanTheLimitWithoutOverflowingTheStack() throws {
        var document = JSONDocument()
        let bytes = Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(throws: JSONError.tooDeep(limit: JSONDocument.maxDepth)) { try bytes.withUnsafeBytes { try document.parse($0) } }
    }

    @Test func readsNumbersQuotedOrNot() throws {
        var document = JSONDocument()
        let bytes = Array(#"{"a":12,"b":"34","c":1.5,"d":-7}"#.utf8)
        let values = try bytes.withUnsafeBytes { raw in
            try document.parse(raw)
            return document.read(raw) { json in ["a", "b", "c", "d"].map { _ in 0 } + [json.int(json.member(0, "a")) ?? 0, json.int(json.member(0, "b")) ?? 0, json.int(json.member(0, "c")) ?? 0, json.int(json.member(0, "d")) ?? 0] }
        }
        #expect(Array(values.suffix(4)) == [12, 34, 0, -7])
    }
}
