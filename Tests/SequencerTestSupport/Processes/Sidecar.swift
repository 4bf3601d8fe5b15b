import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A running process (the built `tool-sequencer` unless told otherwise) with its stdin, stdout
/// and stderr on real pipes.
///
/// One test owns one `Sidecar`; its methods are called from that test only. stderr is drained
/// on a background thread from the start, so a chatty process never blocks on it. The end-to-end
/// tests run the sidecar with it; the store and kill/restart tests run other programs
/// (`sqlite3`, `bash`) with it, so that there is one way to spawn a process in the tests.
package final class Sidecar: @unchecked Sendable {
    /// What a finished run produced.
    package struct Outcome {
        /// Everything written to stdout.
        package var stdout: [UInt8]
        /// Everything written to stderr.
        package var stderr: [UInt8]
        /// The exit status, or the signal number when ``exitedNormally`` is false.
        package var status: Int32
        /// Whether the process exited (rather than being killed by a signal).
        package var exitedNormally: Bool
        /// Whether the run had to be killed because it did not finish in time.
        package var timedOut: Bool

        /// stderr as text, for failure messages.
        package var stderrText: String { String(decoding: stderr, as: UTF8.self) }
        /// stdout split into lines (the last one unterminated if stdout does not end with `\n`).
        package var stdoutLines: [ArraySlice<UInt8>] { Sidecar.lines(of: stdout) }
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let errorBytes = LockedBytes()
    private let errorsDrained = DispatchSemaphore(value: 0)
    private var pendingOutput: [UInt8] = []
    private var inputClosed = false
    private var outputClosed = false

    /// Starts the sidecar with `arguments`.
    ///
    /// The child inherits the signal mask of the thread that spawns it, and the Dispatch and
    /// Swift concurrency threads tests run on block most signals. So the sidecar is spawned
    /// from a thread of its own whose mask has SIGTERM and SIGINT unblocked, as a host's main
    /// thread would have them, and then `blockedSignals` blocked.
    /// - Parameters:
    ///   - executable: The program to run; `nil`: the built `tool-sequencer` (``SidecarBinary``).
    ///   - arguments: Its command-line arguments.
    ///   - environment: Extra environment variables, on top of this process's.
    ///   - blockedSignals: Signals to leave blocked in the child, to play a host that blocks them.
    ///   - umask: The file mode creation mask to run the sidecar with (through `/bin/sh`, which
    ///     sets it and then execs the sidecar in its place), instead of this process's.
    /// - Throws: ``SidecarBinary/NotFound`` when the sidecar is not built, or the error of
    ///   `Process.run()` when the program cannot be started.
    package init(
        executable: URL? = nil, arguments: [String], environment: [String: String] = [:], blockedSignals: [Int32] = [],
        umask: String? = nil
    ) throws {
        Sidecar.ignoreSIGPIPE
        let binary = try executable ?? SidecarBinary.url()
        if let umask {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "TOOL_SEQUENCER_LOG")
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try Sidecar.launch(process, blocking: blockedSignals)
        let handle = errors.fileHandleForReading
        let box = errorBytes
        let drained = errorsDrained
        DispatchQueue.global().async {
            box.append(handle.readDataToEndOfFile())
            drained.signal()
        }
    }

    /// The process id.
    package var pid: Int32 { process.processIdentifier }

    /// Whether the process is still running.
    package var isRunning: Bool { process.isRunning }

    /// Writes every byte to the sidecar's stdin; `false` if the sidecar has stopped reading (EPIPE).
    @discardableResult
    package func write(_ bytes: [UInt8]) -> Bool {
        let fd = input.fileHandleForWriting.fileDescriptor
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                systemWrite(fd, raw.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Writes `text` to stdin.
    @discardableResult
    package func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Closes stdin: the sidecar sees end of input.
    package func closeInput() {
        guard !inputClosed else { return }
        inputClosed = true
        try? input.fileHandleForWriting.close()
    }

    /// Closes this end of stdout, as a reader that goes away does.
    package func closeOutput() {
        guard !outputClosed else { return }
        outputClosed = true
        try? output.fileHandleForReading.close()
    }

    /// The next stdout line (without `\n`), or `nil` at end of output or after `timeout`.
    package func readLine(timeout: Duration = .seconds(10)) -> [UInt8]? {
        let deadline = ContinuousClock.now + timeout
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            if let newline = pendingOutput.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pendingOutput[..<newline])
                pendingOutput.removeSubrange(...newline)
                return line
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(remaining.components.seconds * 1000 + 1, 1000))
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if count <= 0 { return nil }
            pendingOutput.append(contentsOf: chunk[..<count])
        }
    }

    /// Sends `signal` to the process.
    package func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit; kills it (SIGKILL) if it is still running after `timeout`.
    /// - Returns: Whether it exited on its own in time.
    @discardableResult
    package func waitForExit(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return false
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        return true
    }

    /// Reads stdout to its end, waits for the exit, and collects everything.
    package func finish(timeout: Duration = .seconds(60)) -> Outcome {
        let timedOut = Watchdog(pid: process.processIdentifier, after: timeout)
        var stdout = pendingOutput
        pendingOutput = []
        if !outputClosed {
            stdout += [UInt8](output.fileHandleForReading.readDataToEndOfFile())
        }
        let exitedInTime = waitForExit(timeout: timeout)
        timedOut.cancel()
        errorsDrained.wait()
        return Outcome(
            stdout: stdout, stderr: errorBytes.bytes,
            status: process.terminationStatus,
            exitedNormally: process.terminationReason == .exit,
            timedOut: timedOut.fired || !exitedInTime)
    }

    /// Runs the sidecar once: writes `input` to its stdin from a background thread, closes
    /// stdin, and collects stdout, stderr and the exit status. `executable`, `umask`: as in
    /// ``init(executable:arguments:environment:blockedSignals:umask:)``.
    package static func run(
        executable: URL? = nil, arguments: [String], input: [UInt8], environment: [String: String] = [:], umask: String? = nil,
        timeout: Duration = .seconds(60)
    ) throws -> Outcome {
        let sidecar = try Sidecar(executable: executable, arguments: arguments, environment: environment, umask: umask)
        let written = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            sidecar.write(input)
            sidecar.closeInput()
            written.signal()
        }
        let outcome = sidecar.finish(timeout: timeout)
        written.wait()
        return outcome
    }

    /// `bytes` split at `\n`; a trailing `\n` ends the last line rather than starting an empty one.
    package static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") { lines.removeLast() }
        if bytes.isEmpty { return [] }
        return lines
    }

    /// Runs `process` from a new thread whose signal mask unblocks SIGTERM and SIGINT and then
    /// blocks `blocked`; `posix_spawn` gives the child that mask.
    private static func launch(_ process: Process, blocking blocked: [Int32]) throws {
        let launch = Launch(process)
        let thread = Thread {
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            sigaddset(&unblocked, SIGTERM)
            sigaddset(&unblocked, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
            var blockedSet = sigset_t()
            sigemptyset(&blockedSet)
            for signalNumber in blocked { sigaddset(&blockedSet, signalNumber) }
            pthread_sigmask(SIG_BLOCK, &blockedSet, nil)
            launch.run()
        }
        thread.start()
        try launch.wait()
    }

    /// Writing to a pipe whose reader has gone must fail with EPIPE, not kill the test runner.
    private static let ignoreSIGPIPE: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()
}

/// `write(2)`, named apart from ``Sidecar``'s own `write` methods.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}

/// Bytes appended from one thread and read from another.
private final class LockedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [UInt8] = []

    func append(_ data: Data) {
        lock.lock()
        storage += [UInt8](data)
        lock.unlock()
    }

    var bytes: [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// Kills a process (SIGKILL) that is still running after a deadline, unless cancelled first.
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var didFire = false

    init(pid: Int32, after timeout: Duration) {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard !cancelled else { return }
            didFire = true
            kill(pid, SIGKILL)
        }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    var fired: Bool {
        lock.lock()
        defer { lock.unlock() }
        return didFire
    }
}

/// A `Process.run()` done on another thread, and its outcome.
private final class Launch: @unchecked Sendable {
    private let process: Process
    private let done = DispatchSemaphore(value: 0)
    private var failure: (any Error)?

    init(_ process: Process) {
        self.process = process
    }

    /// Runs the process; called on the launching thread.
    func run() {
        do {
            try process.run()
        } catch {
            failure = error
        }
        done.signal()
    }

    /// Waits for ``run()`` and rethrows its error.
    func wait() throws {
        done.wait()
        if let failure { throw failure }
    }
}
