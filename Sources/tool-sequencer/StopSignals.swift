#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

// The state the signal handler reads and writes. Atomics only: a handler may interrupt the
// main thread anywhere, even inside `malloc`.

/// Set by SIGTERM and SIGINT.
private let stopRequested = Atomic<Bool>(false)
/// ``StopSignals/Phase`` as its raw value.
private let phase = Atomic<Int>(StopSignals.Phase.idle.rawValue)
/// The answers computed before the request in progress: where they are and how many bytes.
private let answeredBase = Atomic<UInt>(0)
private let answeredCount = Atomic<Int>(0)

/// What SIGTERM and SIGINT do: the only code that runs in a signal handler.
///
/// While the process waits (for input, or on a write), a signal only sets ``requested``: a
/// blocked `read` returns `EINTR` and the read loop stops. While it handles a request (see
/// ``interruptible(answered:_:)``), which may take seconds on a large history, the handler
/// ends the process itself: it writes the answers already computed in the same read, then
/// calls `_exit(0)`. The request in progress is not answered. So a stop signal ends the
/// process within the time of one `write`, whatever it was doing.
///
/// Nothing is lost that was answered: with `--state-dir` a request is journaled (and synced)
/// before it is applied, and SQLite's write-ahead log makes a transaction cut short by `_exit`
/// wholly absent, exactly as after SIGKILL. Without `--state-dir` nothing outlives the process.
enum StopSignals {
    /// What the main thread is doing, as the handler sees it.
    enum Phase: Int {
        /// Reading, writing, or between requests: a signal only asks the loop to stop.
        case idle
        /// Handling a request: a signal ends the process at once.
        case busy
        /// A signal handler is ending the process.
        case ending
    }

    /// Whether SIGTERM or SIGINT has arrived.
    static var requested: Bool {
        stopRequested.load(ordering: .sequentiallyConsistent)
    }

    /// Installs the handlers for SIGTERM and SIGINT, ignores SIGPIPE, and unblocks SIGTERM and
    /// SIGINT, which a parent may have spawned us with blocked (threads of Dispatch and of Swift
    /// concurrency block them, and children inherit the mask).
    static func install() {
        // Globals are initialized on first use, with a lock: never for the first time in a handler.
        _ = stopRequested.load(ordering: .relaxed)
        _ = phase.load(ordering: .relaxed)
        _ = answeredBase.load(ordering: .relaxed)
        _ = answeredCount.load(ordering: .relaxed)
        signal(SIGPIPE, SIG_IGN)
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        for signalNumber in [SIGTERM, SIGINT] {
            // No SA_RESTART in the flags: a read blocked when the signal comes returns EINTR.
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in StopSignals.handle() }
            #else
            action.__sigaction_u.__sa_handler = { _ in StopSignals.handle() }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signalNumber, &action, nil)
            sigaddset(&stopSignals, signalNumber)
        }
        sigprocmask(SIG_UNBLOCK, &stopSignals, nil)
    }

    /// Runs `work` (handling one request, or restoring the state directory) so that a stop
    /// signal during it ends the process at once: `answered` is written to stdout, then the
    /// process exits 0. A signal that came before the call ends the process the same way
    /// without starting `work`. `answered` must not change until this returns.
    static func interruptible<Result, Failure: Error>(
        answered: PendingAnswers?, _ work: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        answeredBase.store(UInt(bitPattern: answered?.storage), ordering: .sequentiallyConsistent)
        answeredCount.store(answered?.count ?? 0, ordering: .sequentiallyConsistent)
        phase.store(Phase.busy.rawValue, ordering: .sequentiallyConsistent)
        // A handler stores `stopRequested` before it reads `phase`, and this thread stores
        // `phase` before it reads `stopRequested`: one of the two sees the other's store.
        if requested {
            takeOver()
            waitForTheEnd()  // a handler on another thread took over first
        }
        let result = try work()
        if !phase.compareExchange(expected: Phase.busy.rawValue, desired: Phase.idle.rawValue, ordering: .sequentiallyConsistent).exchanged {
            waitForTheEnd()  // a handler on another thread is ending the process
        }
        return result
    }

    /// The signal handler.
    private static func handle() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        takeOver()
    }

    /// Ends the process if a request is being handled and no one else is ending it yet.
    private static func takeOver() {
        if phase.compareExchange(expected: Phase.busy.rawValue, desired: Phase.ending.rawValue, ordering: .sequentiallyConsistent).exchanged {
            end()
        }
    }

    /// Writes the published answers to stdout and exits 0. Async-signal-safe: only `write` and
    /// `_exit`, no allocation, no lock.
    private static func end() -> Never {
        let count = answeredCount.load(ordering: .sequentiallyConsistent)
        if let base = UnsafeRawPointer(bitPattern: answeredBase.load(ordering: .sequentiallyConsistent)) {
            var offset = 0
            while offset < count {
                let written = write(STDOUT_FILENO, base + offset, count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        _exit(0)
    }

    /// Sleeps until the thread that is ending the process has ended it.
    private static func waitForTheEnd() -> Never {
        while true { pause() }
    }
}
