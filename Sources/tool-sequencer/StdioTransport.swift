#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import SequencerCLI
import SequencerRPC

/// Set by SIGTERM and SIGINT; the read loop stops at the next chance.
private let stopRequested = Atomic<Bool>(false)

/// Drives a ``Server`` over stdin and stdout: the only place that touches file descriptors.
///
/// Reads whatever is available, answers every complete line in it, and writes the answers
/// in one `write`. At end of input it answers a last unterminated line, then returns.
/// SIGTERM and SIGINT stop it the same way once the lines already read are answered.
/// A closed stdout (EPIPE) ends the process quietly with status 0.
struct StdioTransport {
    private static let readSize = 1 << 20

    /// Runs `server` until end of input, a signal, or `shutdown`. Returns the exit status.
    ///
    /// Every line read in one `read` gets that moment as its arrival time, in whole
    /// microseconds since start, traced or not, so that a trace replays to the same answers.
    static func run(_ server: inout Server, trace: TraceFile?, clock: @escaping @Sendable () -> UInt64) -> Int32 {
        installSignalHandlers()
        widenPipes()
        var loop = Loop(trace: trace, clock: clock)
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
                if stopRequested.load(ordering: .relaxed) { return 0 }
                continue
            }
            if count == 0 { break }
            let events = framer.append(chunk[0..<count])
            if loop.answer(events, with: &server) { return 0 }
            if stopRequested.load(ordering: .relaxed) { return 0 }
        }
        _ = loop.answer(framer.finish(), with: &server)
        return 0
    }

    /// The state of the read loop: the output buffer, the trace, and the clock.
    private struct Loop {
        var trace: TraceFile?
        let clock: @Sendable () -> UInt64
        let start: UInt64
        var output: [UInt8] = []
        var traceBuffer: [UInt8] = []

        init(trace: TraceFile?, clock: @escaping @Sendable () -> UInt64) {
            self.trace = trace
            self.clock = clock
            self.start = clock()
        }

        /// Answers `events` and writes the answers; `true` when the server was shut down.
        mutating func answer(_ events: [LineFramer.Event], with server: inout Server) -> Bool {
            guard !events.isEmpty else { return false }
            output.removeAll(keepingCapacity: true)
            traceBuffer.removeAll(keepingCapacity: true)
            let arrival = (clock() &- start) / 1000
            var shutDown = false
            for event in events {
                let handlingStart = trace == nil ? 0 : clock()
                var response = server.handle(event, at: arrival * 1000)
                if trace != nil {
                    let done = clock()
                    traceBuffer.append(contentsOf: TraceRecord.input(t: arrival, event: event, us: (done &- handlingStart) / 1000).encoded())
                    if let response {
                        traceBuffer.append(contentsOf: TraceRecord.output(t: (done &- start) / 1000, line: response).encoded())
                    }
                }
                if var body = response {
                    response = nil  // `body` is now the only reference: appending copies nothing
                    if output.isEmpty && events.count == 1 {
                        // One answer (often a large one): write it as it is.
                        body.append(UInt8(ascii: "\n"))
                        swap(&output, &body)
                    } else {
                        output.append(contentsOf: body)
                        output.append(UInt8(ascii: "\n"))
                    }
                }
                if server.isShutDown {
                    shutDown = true
                    break
                }
            }
            // The answers first: the host is waiting for them, not for the trace.
            let delivered = deliver(output)
            if output.capacity > StdioTransport.readSize {
                output = []  // a large answer's buffer goes back to the allocator now, for the next one
            }
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
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
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

    private static func installSignalHandlers() {
        signal(SIGPIPE, SIG_IGN)
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        for signalNumber in [SIGTERM, SIGINT] {
            // No SA_RESTART in the flags: a read blocked when the signal comes returns EINTR.
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in stopRequested.store(true, ordering: .relaxed) }
            #else
            action.__sigaction_u.__sa_handler = { _ in stopRequested.store(true, ordering: .relaxed) }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signalNumber, &action, nil)
            sigaddset(&stopSignals, signalNumber)
        }
        // A parent may spawn us with these blocked (threads of Dispatch and of Swift
        // concurrency block them, and children inherit the mask): take them back.
        sigprocmask(SIG_UNBLOCK, &stopSignals, nil)
    }
}
