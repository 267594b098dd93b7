import Dispatch
import Synchronization

/// One decoded item on its way from the reading thread to the writing thread.
enum PipelineItem: Sendable {
    /// An event and where its record starts (line, byte offset), for a reject.
    case event(EventRecord, line: Int, offset: Int)
    /// A pod observation with its kubectl columns, and where its record starts.
    case pod(PodRecord, KubectlStatus, line: Int, offset: Int)
    case skipped
    case reject(line: Int?, offset: Int?, reason: String, excerpt: [UInt8])
}

/// A bounded hand-off of item batches from one reading thread to one writing thread.
///
/// The reader blocks when `capacity` batches wait unwritten, so memory stays flat however fast
/// the input decodes.
final class RecordChannel: Sendable {
    enum Message: Sendable {
        /// Items, and the input bytes read so far.
        case batch([PipelineItem], bytesRead: Int)
        case finished(Result<InputSummary, any Error>)
    }

    private let queue = Mutex<[Message]>([])
    private let filled: DispatchSemaphore
    private let free: DispatchSemaphore
    private let cancelled = Atomic<Bool>(false)

    init(capacity: Int = 8) {
        filled = DispatchSemaphore(value: 0)
        free = DispatchSemaphore(value: capacity)
    }

    /// Sends a message, waiting while the channel is full. Returns false, dropping a batch, once
    /// the writer has cancelled (the reader should stop); `finished` is always delivered.
    @discardableResult
    func send(_ message: Message) -> Bool {
        free.wait()
        if case .batch = message, cancelled.load(ordering: .relaxed) {
            free.signal()
            return false
        }
        queue.withLock { $0.append(message) }
        filled.signal()
        return true
    }

    /// Receives the next message, waiting for one.
    func receive() -> Message {
        filled.wait()
        let message = queue.withLock { $0.removeFirst() }
        free.signal()
        return message
    }

    /// Tells the reader to stop and drains what it sent, so it never blocks forever.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        while true {
            filled.wait()
            let message = queue.withLock { $0.removeFirst() }
            free.signal()
            if case .finished = message { return }
        }
    }

    /// Whether the writer cancelled.
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}
