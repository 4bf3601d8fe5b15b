#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SequencerCLI

/// An append-only trace file (`--trace FILE`): one `write` per batch of records.
struct TraceFile {
    private let descriptor: Int32

    /// Opens `path` for appending, creating it if needed; `nil` (with errno set) if it cannot.
    init?(path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    /// Appends `bytes`; a failing trace is reported once on stderr and never stops serving.
    mutating func append(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                StdioTransport.log("tool-sequencer warn: writing the trace failed: \(String(cString: strerror(errno)))")
                return
            }
            offset += written
        }
    }
}
