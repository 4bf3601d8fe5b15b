#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SequencerTestSupport
import Testing
@testable import SequencerRPC
import SequencerCore

/// `pipe()` failed.
private struct NoPipe: Error {}

/// The write end of a pipe nobody reads, made non-blocking: a stderr that fills up.
private final class UnreadPipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw NoPipe() }
        readEnd = ends[0]
        writeEnd = ends[1]
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Writes `line` and a newline if the pipe has room for all of it now; `false` otherwise.
    func offer(_ line: String) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        let written = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
        return written == bytes.count  // lines here are shorter than PIPE_BUF: all or nothing
    }

    /// Everything in the pipe now, emptying it.
    func drain() -> String {
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            text += buffer[0..<count]
        }
        return String(decoding: text, as: UTF8.self)
    }
}

@Suite("Logger: a full log sink never blocks the server")
struct LoggerBackpressureTests {
    @Test("lines to a pipe nobody reads are dropped and counted, without blocking; once it drains, the next line says how many")
    func pipeNobodyReads() throws {
        let pipe = try UnreadPipe()
        let logger = Logger(level: .info, nonBlockingSink: { pipe.offer($0) })
        let padding = String(repeating: "x", count: 200)
        let total = 10_000  // about 2.3 MB: far more than a pipe holds
        for index in 0..<total {
            logger.event(.info, "request", [("n", .number(JSONNumber(index))), ("pad", .string(JSONString(padding)))])
        }
        let written = pipe.drain().split(separator: "\n")
        #expect(written.count > 0 && written.count < total)
        #expect(logger.droppedLines == total - written.count)
        #expect(written.last.map(String.init) == "tool-sequencer info: request n=\(written.count - 1) pad=\(padding)")

        logger.event(.info, "request", [("n", .number(JSONNumber(total)))])
        #expect(pipe.drain() == """
            tool-sequencer warn: log_lines_dropped count=\(total - written.count) reason="the log sink was full"
            tool-sequencer info: request n=\(total)

            """)
        #expect(logger.droppedLines == 0)
    }

    @Test("a server logging every line to a full sink answers every request")
    func serverKeepsAnswering() throws {
        let pipe = try UnreadPipe()
        var server = Server(logger: Logger(level: .trace, nonBlockingSink: { pipe.offer($0) }))
        for index in 0..<2_000 {
            let answer = server.handle(.line(Array(#"{"jsonrpc":"2.0","id":\#(index),"method":"ping"}"#.utf8)), at: 0)
            #expect(answer.map { String(decoding: $0, as: UTF8.self) } == #"{"jsonrpc":"2.0","id":\#(index),"result":{}}"#)
        }
        #expect(server.logger.droppedLines > 0)
    }

    @Test("a sink that always writes drops nothing, and no notice is written")
    func blockingSinkDropsNothing() {
        let recorder = LogRecorder()
        let logger = recorder.logger(.info)
        logger.event(.info, "a", [])
        logger.event(.info, "b", [])
        #expect(recorder.lines == ["tool-sequencer info: a", "tool-sequencer info: b"])
        #expect(logger.droppedLines == 0)
    }
}
