#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
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
    static func run(_ server: inout Server) -> Int32 {
        installSignalHandlers()
        var framer = LineFramer(maxLineBytes: server.limits.maxLineBytes)
        var chunk = [UInt8](repeating: 0, count: readSize)
        var output: [UInt8] = []
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, readSize) }
            if count < 0 {
                if errno == EINTR && !stopRequested.load(ordering: .relaxed) { continue }
                if errno != EINTR { log("reading stdin failed: errno \(errno)") }
                break
            }
            if count == 0 { break }
            let events = framer.append(chunk[0..<count])
            if answer(events, with: &server, into: &output) { return 0 }
            if stopRequested.load(ordering: .relaxed) { return 0 }
        }
        _ = answer(framer.finish(), with: &server, into: &output)
        return 0
    }

    /// Answers `events` and writes the answers; `true` when the server was shut down.
    private static func answer(_ events: [LineFramer.Event], with server: inout Server, into output: inout [UInt8]) -> Bool {
        output.removeAll(keepingCapacity: true)
        var shutDown = false
        for event in events {
            if let response = server.handle(event) {
                output.append(contentsOf: response)
                output.append(UInt8(ascii: "\n"))
            }
            if server.isShutDown {
                shutDown = true
                break
            }
        }
        writeAll(output)
        return shutDown
    }

    /// Writes every byte to stdout; exits with status 0 if the reader has gone away.
    static func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                log("writing stdout failed: errno \(errno)")
                exit(1)
            }
            offset += written
        }
    }

    /// Writes one line to stderr.
    static func log(_ message: String) {
        var line = Array(message.utf8)
        line.append(UInt8(ascii: "\n"))
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    private static func installSignalHandlers() {
        signal(SIGPIPE, SIG_IGN)
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber) { _ in stopRequested.store(true, ordering: .relaxed) }
            siginterrupt(signalNumber, 1)  // let a blocked read return EINTR
        }
    }
}
