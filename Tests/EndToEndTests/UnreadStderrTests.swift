import Foundation
import SequencerTestSupport
import Testing

/// A host that never reads the sidecar's stderr does not stall it: log lines that cannot be
/// written at once are dropped and counted.
@Suite("stderr nobody reads: logging never blocks the loop")
struct UnreadStderrTests {
    @Test("with TOOL_SEQUENCER_LOG=trace and a stderr pipe nobody reads, 2,000 requests are all answered")
    func unreadStderr() throws {
        let process = Process()
        process.executableURL = try SidecarBinary.url()
        process.environment = ProcessInfo.processInfo.environment.merging(["TOOL_SEQUENCER_LOG": "trace"]) { $1 }
        let input = Pipe()
        let output = Pipe()
        let unread = Pipe()  // never read: fills after 64 KiB of log lines
        process.standardInput = input
        process.standardOutput = output
        process.standardError = unread
        try process.run()
        // A stalled sidecar is killed after 30 s, so the test fails instead of hanging.
        DispatchQueue.global().asyncAfter(deadline: .now() + 30) {
            if process.isRunning { process.terminate() }
        }
        let count = 2_000
        // Each request logs its line in and out at trace level: over 300 bytes a request, so the
        // log passes the pipe's 64 KiB within the first few hundred requests.
        let padding = String(repeating: "p", count: 200)
        var requests = ""
        for id in 1...count {
            requests += #"{"jsonrpc":"2.0","id":\#(id),"method":"validate","params":{"format":"chat","messages":[{"role":"user","content":"\#(padding)"}]}}"# + "\n"
        }
        let bytes = Data(requests.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(bytes)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        var answers = Data()
        let reader = output.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            answers.append(chunk)
        }
        process.waitUntilExit()
        let lines = answers.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == count)
        #expect(process.terminationStatus == 0)
        #expect(lines.last.map { String(decoding: $0, as: UTF8.self).hasPrefix(#"{"jsonrpc":"2.0","id":2000,"result":"#) } == true)
    }
}
