import Synchronization

/// A clock the test sets by hand, in nanoseconds, so that ages in `session/state` are exact.
///
/// Shared by reference: the server reads it through ``read`` while the test moves it on.
package final class ManualClock: Sendable {
    private let nanoseconds = Mutex<UInt64>(0)

    /// A clock reading `start` nanoseconds.
    package init(_ start: UInt64 = 0) {
        nanoseconds.withLock { $0 = start }
    }

    /// Moves the clock forward by `milliseconds`.
    package func advance(milliseconds: UInt64) {
        nanoseconds.withLock { $0 += milliseconds * 1_000_000 }
    }

    /// The closure to hand to `Server.init(limits:clock:logger:)`: it reads the current time.
    package var read: @Sendable () -> UInt64 {
        { self.nanoseconds.withLock { $0 } }
    }
}
