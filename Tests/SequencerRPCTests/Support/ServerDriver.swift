import Synchronization
import Testing
@testable import SequencerRPC
import SequencerCore

/// A clock the test sets by hand, in nanoseconds, so that ages in `session/state` are exact.
final class ManualClock: Sendable {
    private let nanoseconds = Mutex<UInt64>(0)

    /// A clock reading `start` nanoseconds.
    init(_ start: UInt64 = 0) {
        nanoseconds.withLock { $0 = start }
    }

    /// Moves the clock forward by `milliseconds`.
    func advance(milliseconds: UInt64) {
        nanoseconds.withLock { $0 += milliseconds * 1_000_000 }
    }

    /// The closure to hand to ``Server/init(limits:clock:logger:)``.
    var read: @Sendable () -> UInt64 {
        { self.nanoseconds.withLock { $0 } }
    }
}

/// Collects what a ``Logger`` writes, for tests.
final class LogRecorder: Sendable {
    private let storage = Mutex<[String]>([])

    /// Every line written so far, in order.
    var lines: [String] { storage.withLock { $0 } }

    /// Records one line.
    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    /// A logger at `level`, in the text format, that writes into this recorder.
    func logger(_ level: Logger.Level) -> Logger {
        Logger(level: level) { line in self.append(line) }
    }
}

extension Server {
    /// The response text to one request line, or `nil` when none is due.
    mutating func respond(_ line: String) -> String? {
        respond(bytes: Array(line.utf8))
    }

    /// The response text to one line of raw bytes, or `nil` when none is due.
    mutating func respond(bytes: [UInt8]) -> String? {
        handle(.line(bytes), at: clock()).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// One request line and the exact response line expected for it, for parameterized tests.
struct Exchange: Sendable, CustomTestStringConvertible {
    let request: String
    let response: String?

    init(_ request: String, _ response: String?) {
        self.request = request
        self.response = response
    }

    var testDescription: String { request }
}
