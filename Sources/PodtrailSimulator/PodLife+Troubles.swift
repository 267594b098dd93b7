import PodtrailKit
extension PodLife {
    /// `name_namespace(uid)`, how the kubelet prints a pod in messages.
    var podReference: String { "\(pod.name)_\(pod.namespace)(\(pod.uid))" }

    /// The running start time of a regular container.
    func runningSince(_ index: Int) -> Int64? {
        if case .running(let startedAt) = pod.statuses[index].state { return startedAt }
        return nil
    }

    /// A regular container terminates at `time`; the kubelet then restarts it, immediately or
    /// after the crash back-off (10 s doubling to 5 min, forgotten after 10 min). Returns the
    /// restart time (the container is running again then).
    mutating func crash(_ index: Int, at time: Int64, oom: Bool) throws -> Int64 {
        let spec = pod.containers[index]
        let started = runningSince(index) ?? time
        let id = pod.statuses[index].containerID ?? containerID()
        let termination = SimTermination(
            exitCode: oom ? 137 : 1, reason: oom ? "OOMKilled" : "Error", startedAt: started, finishedAt: time, containerID: id)
        pod.statuses[index].state = .terminated(termination)
        pod.statuses[index].ready = false
        pod.statuses[index].started = false
        notReady(at: time)
        if oom, let node {
            let pid = rng.int(2000...99_999)
            run.nodeEvent(node, at: time, reason: "OOMKilling",
                          message: "Memory cgroup out of memory: Killed process \(pid) (\(spec.name)) total-vm:\(rng.int(1_000_000...4_000_000))kB, anon-rss:\(rng.int(500_000...2_000_000))kB, file-rss:\(rng.int(1000...40_000))kB, shmem-rss:0kB, UID:1000 pgtables:\(rng.int(1000...9000))kB oom_score_adj:\(rng.int(900...999))",
                          component: "kernel-monitor")
        }
        try snap(time)
        var restart = time + rng.int64(0...1)
        if let entry = backoff[spec.name], time - entry.updated <= 600 {
            // In back-off: CrashLoopBackOff until the delay has passed since the finish.
            let delay = entry.delay
            pod.statuses[index].lastState = termination
            pod.statuses[index].state = .waiting(
                reason: "CrashLoopBackOff",
                message: "back-off \(SimTime.goDuration(milliseconds: delay * 1000)) restarting failed container=\(spec.name) pod=\(podReference)")
            pod.statuses[index].containerID = id
            try snap(time)
            let observed = pod.observedAt
            var open = episodes.lastIndex { $0.truth.container == spec.name && !$0.recovered }
            if open == nil {
                episodes.append((EpisodeTruth(podUID: pod.uid, namespace: pod.namespace, workload: truth.workload, container: spec.name,
                                              startedAt: observed, restarts: 0, backoffEvents: 0, lastExitCode: 0, lastReason: ""),
                                 nil, 0, false))
                open = episodes.count - 1
            }
            var t = time
            let message = "Back-off restarting failed container \(spec.name) in pod \(podReference)"
            while t < time + delay {
                let index = try event(t, "BackOff", message, type: "Warning", container: spec.name, fresh: episodes[open!].event == nil)
                if index >= 0 { episodes[open!].event = index }
                t += rng.int64(10...20)
            }
            restart = time + delay
            backoff[spec.name] = (min(delay * 2, 300), restart)
        } else {
            backoff[spec.name] = (10, time)
        }
        if let open = episodes.lastIndex(where: { $0.truth.container == spec.name && !$0.recovered }) {
            episodes[open].truth.lastExitCode = termination.exitCode
            episodes[open].truth.lastReason = termination.reason ?? ""
        }
        try restartContainer(index, at: restart, after: termination)
        return restart
    }

    /// Starts a new instance of a regular container (restartCount + 1).
    mutating func restartContainer(_ index: Int, at time: Int64, after termination: SimTermination) throws {
        let spec = pod.containers[index]
        let pulled = try event(time, "Pulled", "Container image \"\(spec.image)\" already present on machine", container: spec.name)
        if pulled >= 0 { pullFigures[pulled] = 0 }
        let id = try startEvents(spec, at: time)
        pod.statuses[index].lastState = termination
        pod.statuses[index].restartCount += 1
        pod.statuses[index].containerID = id
        pod.statuses[index].state = .running(startedAt: time)
        pod.statuses[index].started = true
        if let open = episodes.lastIndex(where: { $0.truth.container == spec.name && !$0.recovered }) {
            episodes[open].lastRestart = time
        }
        try snap(time)
        _ = try becomeReady(at: time + rng.int64(1...8))
    }

    /// Marks the pod not ready (a container stopped or the node went away).
    mutating func notReady(at time: Int64, reason: String = "ContainersNotReady") {
        let unready = pod.statuses.filter { !$0.ready }.map(\.name).joined(separator: " ")
        pod.setCondition("ContainersReady", "False", at: time, reason: reason, message: "containers with unready status: [\(unready)]")
        pod.setCondition("Ready", "False", at: time, reason: reason, message: "containers with unready status: [\(unready)]")
    }

    /// A crash loop: the first container fails `crashes` times after short runs. Returns the time
    /// of the last restart.
    mutating func crashLoop(from time: Int64, crashes: Int, oom: Bool) throws -> Int64 {
        var t = time
        for _ in 0..<crashes {
            t = try crash(0, at: t + rng.int64(3...45), oom: oom)
        }
        return t
    }

    /// The container has run 10 minutes since its last restart: the episode is over.
    mutating func recover() {
        for index in episodes.indices where !episodes[index].recovered {
            episodes[index].recovered = true
            episodes[index].truth.endedAt = episodes[index].lastRestart + 600
        }
    }

    /// The first container's image cannot be pulled: ErrImagePull and ImagePullBackOff with the
    /// image back-off. Returns the time of the last failed attempt's back-off.
    mutating func imagePullFailure(from time: Int64, attempts: Int) throws -> Int64 {
        let spec = pod.containers[0]
        let image = spec.image.replacingLastComponent(with: "v9.9.9-rc0")
        pod.containers[0].image = image
        pod.statuses[0].image = image
        var t = time
        var delay: Int64 = 10
        let error = "rpc error: code = NotFound desc = failed to pull and unpack image \"\(image)\": failed to resolve reference \"\(image)\": \(image): not found"
        for _ in 0..<attempts {
            try event(t, "Pulling", "Pulling image \"\(image)\"", container: spec.name)
            t += rng.int64(1...4)
            try event(t, "Failed", "Failed to pull image \"\(image)\": \(error)", type: "Warning", container: spec.name)
            try event(t, "Failed", "Error: ErrImagePull", type: "Warning", container: spec.name)
            pod.statuses[0].state = .waiting(reason: "ErrImagePull", message: error)
            try snap(t)
            var b = t + rng.int64(1...3)
            try event(b, "BackOff", "Back-off pulling image \"\(image)\"", container: spec.name)
            try event(b, "Failed", "Error: ImagePullBackOff", type: "Warning", container: spec.name)
            pod.statuses[0].state = .waiting(reason: "ImagePullBackOff", message: "Back-off pulling image \"\(image)\"")
            try snap(b)
            let retry = t + delay
            b += rng.int64(10...20)
            while b < retry {
                try event(b, "BackOff", "Back-off pulling image \"\(image)\"", container: spec.name)
                try event(b, "Failed", "Error: ImagePullBackOff", type: "Warning", container: spec.name)
                b += rng.int64(10...20)
            }
            t = retry
            delay = min(delay * 2, 300)
        }
        return t
    }
}

extension String {
    /// `registry/app:1.2` → `registry/app:<tag>`.
    func replacingLastComponent(with tag: String) -> String {
        guard let colon = lastIndex(of: ":") else { return self + ":" + tag }
        return String(self[..<colon]) + ":" + tag
    }
}
