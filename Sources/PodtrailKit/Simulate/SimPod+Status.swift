extension SimPod {
    /// kubectl's STATUS column for this object, as `printPod` computes it.
    ///
    /// The simulator needs it for `truth.json` before anything is ingested; it follows the same
    /// steps as the ingester's derivation (phase or reason, init containers, regular containers
    /// from last to first, Completed-but-running, deletion) for the shapes the simulator writes.
    var kubectlStatus: String {
        var result = reason ?? phase
        var initializing = false
        for (index, status) in initStatuses.enumerated() {
            if case .terminated(let t) = status.state, t.exitCode == 0 { continue }
            initializing = true
            switch status.state {
            case .terminated(let t):
                if let reason = t.reason {
                    result = "Init:" + reason
                } else if let signal = t.signal, signal != 0 {
                    result = "Init:Signal:\(signal)"
                } else {
                    result = "Init:ExitCode:\(t.exitCode)"
                }
            case .waiting(let reason, _) where !reason.isEmpty && reason != "PodInitializing":
                result = "Init:" + reason
            default:
                result = "Init:\(index)/\(initContainers.count)"
            }
            break
        }
        if !initializing || condition("Initialized")?.status == "True" {
            var hasRunning = false
            for status in (reportsContainerStatuses ? statuses : []).reversed() {
                switch status.state {
                case .waiting(let reason, _) where !reason.isEmpty:
                    result = reason
                case .terminated(let t):
                    if let reason = t.reason {
                        result = reason
                    } else if let signal = t.signal, signal != 0 {
                        result = "Signal:\(signal)"
                    } else {
                        result = "ExitCode:\(t.exitCode)"
                    }
                case .running where status.ready:
                    hasRunning = true
                default:
                    break
                }
            }
            if result == "Completed" && hasRunning {
                result = condition("Ready")?.status == "True" ? "Running" : "NotReady"
            }
        }
        if deletionTimestamp != nil {
            if reason == "NodeLost" {
                result = "Unknown"
            } else if phase != "Succeeded" && phase != "Failed" {
                result = "Terminating"
            }
        }
        return result
    }
}
