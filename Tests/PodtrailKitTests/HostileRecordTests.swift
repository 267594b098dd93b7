import Foundation
import Testing

@testable import PodtrailKit

/// Issue 25: one record shaped to cost more than its size (a pod with a huge number of
/// containers) is decoded in time proportional to its size.
struct HostileRecordTests {
    /// A Pod whose spec lists `count` containers and whose status lists them in reverse order
    /// (the order that made a per-status search of the spec walk the whole list).
    static func podWithContainers(_ count: Int) -> String {
        var text = #"{"kind":"Pod","metadata":{"uid":"wide","namespace":"ns","name":"wide","resourceVersion":"1","#
            + #""creationTimestamp":"2026-11-27T02:00:00Z"},"spec":{"containers":["#
        text += (0..<count).map { #"{"name":"c\#($0)","image":"i"}"# }.joined(separator: ",")
        text += #"]},"status":{"phase":"Running","containerStatuses":["#
        text += (0..<count).reversed().map {
            #"{"name":"c\#($0)","ready":true,"restartCount":1,"state":{"running":{"startedAt":"2026-11-27T02:00:01Z"}}}"#
        }.joined(separator: ",")
        return text + "]}}"
    }

    /// 200,000 containers: linear decoding takes about a second in a debug build, the old
    /// search of the spec per status (2·10¹⁰ name comparisons) takes several minutes.
    @Test(.timeLimit(.minutes(1)))
    func podWithManyContainersDecodesInLinearTime() throws {
        let count = 200_000
        var decoder = RecordDecoder()
        let decoded = Array(Self.podWithContainers(count).utf8).withUnsafeBytes { decoder.decode($0) }
        guard case .pod(let pod) = decoded else {
            Issue.record("not decoded as a pod: \(decoded)")
            return
        }
        #expect(pod.containers.count == count)
        #expect(pod.containers.allSatisfy { $0.hasStatus && $0.inSpec && $0.restartCount == 1 })
        #expect(pod.containers.first?.statusIndex == count - 1)
        #expect(KubectlStatus(pod).ready == count)
    }
}
