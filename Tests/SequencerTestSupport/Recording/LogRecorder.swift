import SequencerRPC
import Synchronization

/// Collects what a `Logger` writes, in order, for tests.
package final class LogRecorder: Sendable {
    private let storage = Mutex<[String]>([])

    /// An empty recorder.
    package init() {}

    /// Every line written so far, in order.
    package var lines: [String] { storage.withLock { $0 } }

    /// Records one line.
    package func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    /// A logger at `level`, in the text format, that writes into this recorder.
    package func logger(_ level: Logger.Level) -> Logger {
        Logger(level: level) { line in self.append(line) }
    }
}
