import Foundation

/// A child process driven over real pipes: write request lines, read response lines.
final class PipePeer {
    let process: Process
    let input: Int32
    let output: Int32
    private let inputHandle: FileHandle
    private let outputHandle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    /// How far past `start` the buffer has been searched for a newline.
    private var scanned = 0
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)

    /// Spawns `executable` with `arguments`, stdin and stdout piped, stderr discarded.
    init(executable: String, arguments: [String] = []) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdinPipe = Pipe()
        let stdoutPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        inputHandle = stdinPipe.fileHandleForWriting
        outputHandle = stdoutPipe.fileHandleForReading
        input = inputHandle.fileDescriptor
        output = outputHandle.fileDescriptor
    }

    /// Writes all of `bytes` to the child's stdin.
    func write(_ bytes: [UInt8]) {
        PipePeer.writeAll(bytes, to: input)
    }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                fatalError("write to child failed: errno \(errno)")
            }
            offset += written
        }
    }

    /// Writes `bytes` from another thread while the caller reads, so that large requests and
    /// large answers cannot fill both pipes and deadlock.
    func writeConcurrently(_ bytes: [UInt8]) -> Thread {
        let descriptor = input
        let thread = Thread { PipePeer.writeAll(bytes, to: descriptor) }
        thread.start()
        return thread
    }

    /// Reads one line (without `\n`); fails the benchmark on end of output.
    func readLine() -> ArraySlice<UInt8> {
        while true {
            if let newline = PipePeer.newline(in: buffer, from: max(start, scanned)) {
                let line = buffer[start..<newline]
                start = newline + 1
                scanned = start
                return line
            }
            scanned = buffer.count
            if start > 0 && start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
                scanned = 0
            } else if start > 1 << 20 {
                buffer.removeSubrange(0..<start)
                scanned -= start
                start = 0
            }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            precondition(count > 0, "the child closed its output early")
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    /// The index of the first `\n` in `bytes` at or after `from`, found with `memchr` so that
    /// scanning a large answer costs the benchmark next to nothing (the cat baseline scans none).
    private static func newline(in bytes: [UInt8], from: Int) -> Int? {
        bytes.withUnsafeBufferPointer { pointer in
            guard from < pointer.count, let base = pointer.baseAddress,
                  let hit = memchr(base + from, 0x0A, pointer.count - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Reads exactly `count` bytes.
    func readBytes(_ count: Int) {
        var remaining = count
        let buffered = buffer.count - start
        let fromBuffer = min(buffered, remaining)
        start += fromBuffer
        remaining -= fromBuffer
        while remaining > 0 {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, min($0.count, remaining)) }
            if got < 0 && errno == EINTR { continue }
            precondition(got > 0, "the child closed its output early")
            remaining -= got
        }
    }

    /// The child's peak resident set size, in bytes (Linux `VmHWM`).
    func peakRSS() -> Int { status("VmHWM:") }

    /// The child's resident set size now, in bytes (Linux `VmRSS`).
    func currentRSS() -> Int { status("VmRSS:") }

    private func status(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            let digits = line.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
        return 0
    }

    /// Closes stdin and waits for the child to exit.
    func finish() {
        try? inputHandle.close()
        process.waitUntilExit()
        try? outputHandle.close()
    }
}
