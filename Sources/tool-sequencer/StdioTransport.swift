#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SequencerCLI
import SequencerCore
import SequencerRPC

/// Drives a ``Server`` over stdin and stdout: the only place that touches file descriptors.
///
/// Reads whatever is available, answers every complete line in it, and writes the answers
/// in one `write`. At end of input it answers a last unterminated line, then returns.
/// SIGTERM and SIGINT stop it at once (see ``StopSignals``, which must be installed first):
/// a signal while it waits ends the loop; a signal while it handles a request ends the
/// process after writing the answers already computed, without answering that request.
/// A closed stdout (EPIPE) ends the process quietly with status 0.
struct StdioTransport {
    private static let readSize = 1 << 20

    /// Runs `server` until end of input, a signal, or `shutdown`. Returns the exit status.
    ///
    /// Every line read in one `read` gets that moment as its arrival time, in whole
    /// microseconds since start, traced or not, so that a trace replays to the same answers.
    /// - Parameters:
    ///   - clock: The process's one clock (monotonic, nanoseconds): arrival times and the
    ///     handling times in the trace.
    ///   - frozenClock: Whether every time given to the server and written to the trace is 0
    ///     (`--frozen-clock`), for reproducible output.
    static func run(_ server: inout Server, trace: TraceFile?, clock: @escaping @Sendable () -> UInt64, frozenClock: Bool) -> Int32 {
        widenPipes()
        var loop = Loop(trace: trace, clock: clock, frozen: frozenClock)
        if loop.trace != nil {
            loop.trace?.append(TraceRecord.start(version: Server.version, limits: server.limits).encoded())
        }
        var framer = LineFramer(maxLineBytes: server.limits.maxLineBytes)
        var chunk = [UInt8](repeating: 0, count: readSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, readSize) }
            if count < 0 {
                if errno != EINTR {
                    log("tool-sequencer error: reading stdin failed: \(String(cString: strerror(errno)))")
                    break
                }
                // A signal: stop without answering a line that is still arriving.
                if StopSignals.requested { return 0 }
                continue
            }
            if count == 0 { break }
            let events = framer.append(chunk[0..<count])
            if loop.answer(events, with: &server) { return 0 }
            if StopSignals.requested { return 0 }
        }
        _ = loop.answer(framer.finish(), with: &server)
        return 0
    }

    /// The state of the read loop: the answers, the trace, and the clock.
    private struct Loop {
        var trace: TraceFile?
        let clock: @Sendable () -> UInt64
        let frozen: Bool
        let start: UInt64
        /// The answers of a read of several lines, kept where a stop signal can write them.
        let pending = PendingAnswers()
        var traceBuffer: [UInt8] = []

        init(trace: TraceFile?, clock: @escaping @Sendable () -> UInt64, frozen: Bool) {
            self.trace = trace
            self.clock = clock
            self.frozen = frozen
            self.start = clock()
        }

        /// Nanoseconds on `clock` from `since` to `until`; 0 under `--frozen-clock`.
        func elapsed(from since: UInt64, to until: UInt64) -> UInt64 {
            frozen ? 0 : until &- since
        }

        /// Answers `events` and writes the answers; `true` when the server was shut down.
        mutating func answer(_ events: [LineFramer.Event], with server: inout Server) -> Bool {
            guard !events.isEmpty else { return false }
            traceBuffer.removeAll(keepingCapacity: true)
            let arrival = elapsed(from: start, to: clock()) / 1000
            var single: JSONWriter?
            var shutDown = false
            for event in events {
                let handlingStart = trace == nil ? 0 : clock()
                var response = StopSignals.interruptible(answered: pending) {
                    server.answer(event, at: arrival * 1000)
                }
                if trace != nil {
                    let done = clock()
                    let us = elapsed(from: handlingStart, to: done) / 1000
                    traceBuffer.append(contentsOf: TraceRecord.input(t: arrival, event: event, us: us).encoded())
                    if let response {
                        traceBuffer.append(contentsOf: TraceRecord.output(t: elapsed(from: start, to: done) / 1000, line: response.bytes).encoded())
                    }
                }
                if var body = response {
                    response = nil  // `body` is now the only reference: the newline copies nothing
                    if events.count == 1 {
                        // One answer (often a large one): written from where it was written.
                        body.raw("\n")
                        single = body
                    } else {
                        body.withUnsafeBytes { pending.appendLine($0) }
                    }
                }
                if server.isShutDown {
                    shutDown = true
                    break
                }
            }
            // The answers first: the host is waiting for them, not for the trace.
            let delivered = single.map { $0.withUnsafeBytes(StdioTransport.deliver) } ?? StdioTransport.deliver(pending.bytes)
            pending.removeAll(keepingAtMost: StdioTransport.readSize)  // a large block goes back to the allocator now
            trace?.append(traceBuffer)
            if !delivered { exit(0) }
            return shutDown
        }
    }

    /// Writes every byte to stdout; exits with status 0 if the reader has gone away.
    static func writeAll(_ bytes: [UInt8]) {
        if !deliver(bytes) { exit(0) }
    }

    /// Writes every byte to stdout; `false` if the reader has gone away (EPIPE).
    private static func deliver(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { deliver($0) }
    }

    /// Writes every byte to stdout; `false` if the reader has gone away (EPIPE).
    private static func deliver(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let written = write(STDOUT_FILENO, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { return false }
                log("writing stdout failed: errno \(errno)")
                exit(1)
            }
            offset += written
        }
        return true
    }

    /// Writes one line to stderr.
    static func log(_ message: String) {
        var line = Array(message.utf8)
        line.append(UInt8(ascii: "\n"))
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// Writes one log line to stderr without waiting for a reader: `false`, writing nothing,
    /// when stderr cannot take it now (a full pipe nobody reads), so the logger drops and counts
    /// the line instead of stalling the loop.
    ///
    /// A pipe that polls writable takes `PIPE_BUF` (4096) bytes at once without blocking; a
    /// longer line is written in such pieces, each after at most 100 ms of waiting for room,
    /// and is cut short (still ending in a newline when room comes) if none comes.
    static func logWithoutWaiting(_ message: String) -> Bool {
        var line = Array(message.utf8)
        line.append(UInt8(ascii: "\n"))
        let piece = 4096
        var written = 0
        while written < line.count {
            var descriptor = pollfd(fd: STDERR_FILENO, events: Int16(POLLOUT), revents: 0)
            guard poll(&descriptor, 1, written == 0 ? 0 : 100) == 1, descriptor.revents & Int16(POLLOUT) != 0 else {
                if written > 0 { _ = write(STDERR_FILENO, "\n", 1) }
                return written > 0
            }
            let count = min(piece, line.count - written)
            let result = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress.map { $0 + written }, count) }
            guard result > 0 else { return written > 0 }
            written += result
        }
        return true
    }

    /// Asks for 1 MiB pipe buffers on stdin and stdout, when they are pipes (Linux only; a
    /// no-op otherwise). A host sends megabytes of history per turn: with the default 64 KiB,
    /// every such request and answer costs over a hundred wake-ups of each side.
    private static func widenPipes() {
        #if os(Linux)
        let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ, which Glibc's module does not export
        for descriptor in [STDIN_FILENO, STDOUT_FILENO] {
            _ = fcntl(descriptor, setPipeSize, Int32(readSize))
        }
        #endif
    }
}
