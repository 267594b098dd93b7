/// "Did you mean": the known names closest to a name that matched nothing, for the query and
/// timeline commands' errors.
enum ClosestNames {
    /// The `candidates` within a few edits of `name` (at most `limit`, by default a third of its
    /// length and at least 1), closest first then alphabetical, at most `count`.
    static func closest(to name: String, among candidates: some Sequence<String>, limit: Int? = nil, count: Int = 3) -> [String] {
        let most = limit ?? max(1, name.count / 3)
        let wanted = Array(name.lowercased())
        return Set(candidates).map { ($0, editDistance(wanted, Array($0.lowercased()))) }
            .filter { $0.1 <= most }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(count).map(\.0)
    }

    /// Levenshtein distance (insertions, deletions, substitutions), in O(a × b) time and O(b) memory.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
