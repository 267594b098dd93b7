import Testing

@testable import PodtrailKit

/// `QueryOutput`: the table, CSV, JSON and Markdown renderings of the same rows.
struct QueryOutputTests {
    private let result = QueryResult(
        columns: ["name", "n", "x", "note"],
        rows: [
            [.text("web-1"), .integer(5), .real(1.5), .text("a, \"b\"")],
            [.text("db|0"), .integer(-12), .null, .text("two\nlines")],
        ])

    @Test func tableAlignsColumnsAndRightAlignsNumbers() {
        #expect(QueryOutput.render(result, format: .table) == """
            name     n    x  note
            -----  ---  ---  ----------
            web-1    5  1.5  a, "b"
            db|0   -12       two\\nlines
            (2 rows)

            """)
    }

    @Test func csvFollowsRFC4180() {
        #expect(QueryOutput.render(result, format: .csv) == "name,n,x,note\r\nweb-1,5,1.5,\"a, \"\"b\"\"\"\r\ndb|0,-12,,\"two\nlines\"\r\n")
    }

    @Test func jsonIsAnArrayOfObjectsWithTypedValues() {
        #expect(QueryOutput.render(result, format: .json) == """
            [
              {"name": "web-1", "n": 5, "x": 1.5, "note": "a, \\"b\\""},
              {"name": "db|0", "n": -12, "x": null, "note": "two\\nlines"}
            ]

            """)
        #expect(QueryOutput.render(QueryResult(columns: ["a"], rows: []), format: .json) == "[]\n")
        let repeated = QueryResult(columns: ["a", "a"], rows: [[.real(2), .text("\u{1}")]])
        #expect(QueryOutput.render(repeated, format: .json) == "[\n  {\"a\": 2.0, \"a_2\": \"\\u0001\"}\n]\n")
    }

    @Test func markdownEscapesPipesAndLineBreaks() {
        #expect(QueryOutput.render(result, format: .md) == """
            | name | n | x | note |
            | --- | --- | --- | --- |
            | web-1 | 5 | 1.5 | a, "b" |
            | db\\|0 | -12 |  | two<br>lines |

            """)
    }

    @Test func emptyResultsStillShowTheHeader() {
        let empty = QueryResult(columns: ["a", "bb"], rows: [])
        #expect(QueryOutput.render(empty, format: .table) == "a  bb\n-  --\n(0 rows)\n")
        #expect(QueryOutput.render(empty, format: .csv) == "a,bb\r\n")
    }
}
