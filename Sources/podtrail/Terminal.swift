import Foundation
import PodtrailKit

/// Writing to standard error: warnings, the summary line, and progress on a terminal.
enum Terminal {
    /// Prints a line on standard error, control characters escaped (`TerminalText`): warnings
    /// name files, whose names may hold any byte but `/` and NUL.
    static func warn(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.escaped(line, keepingLineFeeds: true) + "\n").utf8))
    }

    /// Redraws the progress line.
    static func showProgress(_ progress: IngestProgress) {
        let megabytes = Double(progress.bytesRead) / 1_000_000
        let total = progress.bytesTotal > 0 ? String(format: " / %.1f", Double(progress.bytesTotal) / 1_000_000) : ""
        let rate = progress.seconds > 0 ? megabytes / progress.seconds : 0
        let name = TerminalText.escaped((progress.path as NSString).lastPathComponent)
        FileHandle.standardError.write(Data(String(format: "\r\u{1B}[K%@: %.1f%@ MB read, %.0f MB/s", name, megabytes, total, rate).utf8))
    }

    /// A database's recomputation of derived data, told on a terminal only (cron mail stays quiet).
    static func showRebuild(_ line: String) {
        if isatty(STDERR_FILENO) != 0 { warn("podtrail: " + line) }
    }

    /// Clears the progress line.
    static func clearLine() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// Standard output written in blocks of 64 KB (one write per block, not per row), for
    /// output that is produced piece by piece.
    final class BufferedOutput {
        private var pending: [UInt8] = []

        /// Adds `text`, writing out a full block.
        func write(_ text: String) {
            pending.append(contentsOf: text.utf8)
            if pending.count >= 1 << 16 { flush() }
        }

        /// Writes out what is pending.
        func flush() {
            guard !pending.isEmpty else { return }
            FileHandle.standardOutput.write(Data(pending))
            pending.removeAll(keepingCapacity: true)
        }
    }
}
