/// A per-pod analysis whose rows are cached: its `Queries/` file holds the rule as the view
/// `<name>_stale` (the rows of the pods listed in the stale lists, computed on the spot) and the
/// directive
///
///     -- podtrail: cached per pod, computed on the spot for the pods in stale_pods and refreshing_pods
///
/// and everything else is generated from that: the view `<name>` (the rows of `<name>_cache` for
/// every pod not listed, and `<name>_stale` for those), the shape of `<name>_cache` (the stale
/// view's columns, in its order) and its refresh (`AnalysisCache`).
///
/// The stale lists say when the cache is refreshed: an analysis computed for `stale_pods` only
/// is refreshed first, then the pods move to `refreshing_pods` and the analyses computed for both
/// are refreshed, each after the cached analyses of that pass whose `<name>_cache` its rule reads.
struct CachedAnalysis: Equatable {
    /// The view's name: its file's name.
    let name: String
    /// The tables listing the pods whose rows `<name>_stale` computes (`stale_pods`, and for the
    /// second pass `refreshing_pods`).
    let stalePods: [String]
    /// The names of the cache tables the rule reads.
    let reads: Set<String>

    /// The table holding the cached rows.
    var cache: String { "\(name)_cache" }
    /// The view computing the rows of the listed pods.
    var stale: String { "\(name)_stale" }
    /// True for the second pass (after the pods moved from `stale_pods` to `refreshing_pods`).
    var afterSegments: Bool { stalePods.contains("refreshing_pods") }

    /// The directive's opening words.
    static let directive = "-- podtrail: cached per pod, computed on the spot for the pods in "

    /// The analysis `sql` (the text of `Queries/<name>.sql`) declares, nil when it declares none.
    ///
    /// - Throws: `PlumbingError` when the directive names no stale list or the file defines no
    ///   `<name>_stale` view.
    static func declared(in sql: String, name: String) throws -> CachedAnalysis? {
        // Byte by byte: these run over every Queries/ file at each start (Character-wise, with
        // Unicode letter tests, they took 25-40 ms of a pod's 0.2 s timeline).
        let bytes = Array(sql.utf8)
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        let prefix = Array(directive.utf8)
        guard let line = lines.first(where: { $0.starts(with: prefix) }) else { return nil }
        let lists = line.dropFirst(prefix.count).split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") })
            .map { String(decoding: $0, as: UTF8.self) }.filter { $0.hasSuffix("_pods") }
        guard !lists.isEmpty else { throw PlumbingError(file: name, problem: "the directive names no table of pods") }
        guard sql.contains("CREATE VIEW \(name)_stale AS") else {
            throw PlumbingError(file: name, problem: "a cached analysis defines the view \(name)_stale")
        }
        // Words: ASCII letters, digits and `_` (SQL names here are ASCII; any other byte ends a word).
        func isWord(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
        let suffix = Array("_cache".utf8)
        let reads = Set(bytes.split(whereSeparator: { !isWord($0) })
            .filter { $0.count > suffix.count && $0.suffix(suffix.count).elementsEqual(suffix) }
            .map { String(decoding: $0, as: UTF8.self) }.filter { $0 != "\(name)_cache" })
        return CachedAnalysis(name: name, stalePods: lists, reads: reads)
    }

    /// The view `<name>`: the cached rows of every pod not listed, then the listed pods' rows
    /// computed on the spot (one NOT EXISTS per list: each probes its primary key). The second
    /// part is joined to a row that exists only when a list holds a pod: with none (the caches
    /// current, as after every ingest), SQLite never starts `<name>_stale`, whose materialized
    /// steps would otherwise run (a tenth of a second to a second each on a month's history).
    var view: String {
        let unlisted = stalePods.map { "NOT EXISTS (SELECT 1 FROM \($0) x WHERE x.uid = c.pod_uid AND x.cluster = c.cluster)" }
        let listed = stalePods.map { "EXISTS (SELECT 1 FROM \($0))" }
        return """
            DROP VIEW IF EXISTS \(name);
            CREATE VIEW \(name) AS
            SELECT c.* FROM \(cache) c
            WHERE \(unlisted.joined(separator: "\n    AND "))
            UNION ALL
            SELECT s.* FROM (SELECT 1 WHERE \(listed.joined(separator: " OR "))) AS listed
            CROSS JOIN \(stale) AS s;
            """
    }

    /// `sql` with the view `<name>` put right after the statement creating `<name>_stale`, where
    /// a hand-written file would have it (nothing changes for a file declaring no cached analysis).
    static func expanding(_ sql: String, name: String) throws -> String {
        guard let analysis = try declared(in: sql, name: name),
            let created = sql.range(of: "CREATE VIEW \(analysis.stale) AS"),
            let semicolon = SQLScan.first(";", in: sql[created.upperBound...])
        else { return sql }
        let end = sql[semicolon...].firstIndex(of: "\n").map { sql.index(after: $0) } ?? sql.endIndex
        let before = sql[..<end].hasSuffix("\n") ? String(sql[..<end]) : sql[..<end] + "\n"
        return before + "\n-- Generated from the directive above (CachedAnalysis.view).\n" + analysis.view + "\n" + sql[end...]
    }

    /// The cached analyses of `definitions` (the view files), in the order they are refreshed:
    /// the first pass, then the second, each in file order except that an analysis comes after
    /// those of its pass whose cache it reads.
    static func inRefreshOrder(_ definitions: [(name: String, sql: String)]) throws -> [CachedAnalysis] {
        var waiting = try definitions.compactMap { try declared(in: $0.sql, name: $0.name) }
        var ordered: [CachedAnalysis] = []
        for second in [false, true] {
            while let next = waiting.firstIndex(where: { analysis in
                analysis.afterSegments == second
                    && !waiting.contains { $0.afterSegments == second && analysis.reads.contains($0.cache) }
            }) {
                ordered.append(waiting.remove(at: next))
            }
        }
        guard waiting.isEmpty else {
            throw PlumbingError(file: waiting[0].name, problem: "its rule and another's read each other's caches")
        }
        return ordered
    }
}

/// A `Queries/` file whose directive cannot be expanded.
struct PlumbingError: Error, CustomStringConvertible {
    /// The file's name, without `.sql`.
    let file: String
    /// What is wrong.
    let problem: String

    var description: String { "Queries/\(file).sql: \(problem)" }
}
