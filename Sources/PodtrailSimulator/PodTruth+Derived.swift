import PodtrailKit
/// The facts of a pod that follow from all its archived observations and events at once: the
/// first Ready, the image pulls before it and the crash-loop episodes.
///
/// Derived here from the simulator's own records, independently of the ingester and the SQL,
/// by the rules of Docs/SIMULATOR.md.
extension PodTruth {
    /// Sets `readyAt`: the earliest archived `Ready=True` transition (on a tie, the observation
    /// with fewer restarts), kept only when that observation had no restarts, or the pod was
    /// observed with no restarts and an observation at or before the transition showed it not
    /// Ready with as many restarts; otherwise the first Ready is unknown.
    mutating func settleFirstReady() {
        var earliest: (at: Int64, restarts: Int)?
        for entry in readiness {
            guard let transition = entry.transition else { continue }
            if let current = earliest, (current.at, current.restarts) <= (transition, entry.restarts) { continue }
            earliest = (transition, entry.restarts)
        }
        guard let earliest else {
            readyAt = nil
            return
        }
        let proven = earliest.restarts == 0
            || (readiness.contains { $0.restarts == 0 }
                && readiness.contains { $0.ready == false && $0.restarts == earliest.restarts && $0.at <= earliest.at })
        readyAt = proven ? earliest.at : nil
        firstReadyUnknown = !proven
    }

    /// Sets `imagePullMilliseconds`: the Pulled events that began up to the first Ready (all of
    /// them when it is unknown or never came), each occurrence's figure times the count; nil
    /// when there is none.
    mutating func settleImagePulls() {
        var total: Int64?
        for pull in pulls where readyAt.map({ pull.first <= $0 }) ?? true {
            total = (total ?? 0) + pull.milliseconds * Int64(pull.count)
        }
        imagePullMilliseconds = total
    }

    /// The crash-loop episodes the archive shows.
    ///
    /// Marks of a container's loop: its archived CrashLoopBackOff observations and its restart
    /// back-off events' first and last occurrences. Recoveries: its archived runs that lasted
    /// 600 s (at start + 600 s). Marks between two recoveries make one episode, from the first
    /// mark; it ends at the next recovery (unless the pod was deleted first), else at the
    /// deletion, else it is open until the last mark or last observation. Restarts: archived
    /// terminations from the last one at or before the start (after the previous recovery) up to the end, before any
    /// deletion request (unknown without snapshots); each back-off event counts wholly for the
    /// latest episode it overlaps.
    func episodes() -> [EpisodeTruth] {
        var result: [EpisodeTruth] = []
        let containers = Set(loopMarks.map(\.container) + backOffs.map(\.container)).sorted()
        let seen = snapshots > 0
        let deletion = deletionRequestedAt ?? .max
        let lengths = runSeconds()
        for container in containers {
            var marks = loopMarks.filter { $0.container == container }.map(\.at)
            for b in backOffs where b.container == container {
                marks.append(b.first)
                if b.last > b.first { marks.append(b.last) }
            }
            marks.sort()
            let recoveries = runs.indices.filter { runs[$0].container == container && lengths[$0].seconds >= 600 }
                .map { runs[$0].startedAt + 600 }.sorted()
            // Marks with the same latest recovery before them make one episode.
            var groups: [(after: Int64, marks: [Int64])] = []
            for mark in marks {
                let after = recoveries.last { $0 < mark } ?? .min
                if groups.last?.after == after {
                    groups[groups.count - 1].marks.append(mark)
                } else {
                    groups.append((after, [mark]))
                }
            }
            var mine: [EpisodeTruth] = []
            var froms: [Int64] = []
            for (after, group) in groups {
                let start = group[0]
                let recovered = recoveries.first { $0 > start }
                var e = EpisodeTruth(podUID: uid, namespace: namespace, workload: workload, container: container,
                                     startedAt: start, restarts: nil, backoffEvents: 0, lastExitCode: nil, lastReason: nil)
                if let recovered, deletedAt.map({ recovered <= $0 }) ?? true {
                    (e.endedAt, e.endedBy) = (recovered, "recovered")
                } else if let deletedAt {
                    (e.endedAt, e.endedBy) = (deletedAt, "deleted")
                } else {
                    (e.endedAt, e.endedBy) = (max(start, group.last!, seen ? lastObservedAt : start), "open")
                }
                let mineTerminations = terminations.filter { $0.container == container }
                // The crash that began it: the last termination before the start and after the
                // previous recovery (earlier ones are the previous episode's).
                let from = mineTerminations.map(\.finishedAt).filter { $0 <= start && $0 > after }.max() ?? start
                let counted = mineTerminations.filter { $0.finishedAt >= from && $0.finishedAt <= e.endedAt! && $0.finishedAt < deletion }
                if seen { e.restarts = counted.count }
                if let last = counted.max(by: { $0.finishedAt < $1.finishedAt }) {
                    (e.lastExitCode, e.lastReason) = (last.exitCode, last.reason)
                }
                mine.append(e)
                froms.append(from)
            }
            for b in backOffs where b.container == container {
                let owner = mine.indices.last { froms[$0] <= b.last && mine[$0].endedAt! >= b.first }
                if let owner { mine[owner].backoffEvents += b.count }
            }
            result += mine
        }
        return result
    }
}
