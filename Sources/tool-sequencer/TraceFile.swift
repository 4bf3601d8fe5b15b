#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SequencerCLI

/// An append-only trace file (`--trace FILE`): one `write` per batch of records.
///
/// A trace holds the whole conversation, so a new trace file is created readable and writable
/// by its owner only (0600), whatever the umask. An existing file is appended to and keeps its
/// mode. The last component of the path is never followed if it is a symbolic link: another
/// user who can write the directory could otherwise point it at a file of ours.
struct TraceFile {
    private let descriptor: Int32

    /// Why a trace file cannot be opened, as a sentence.
    struct OpenError: Error {
        let message: String
    }

    /// Opens `path` for appending, creating it (0600) if needed.
    ///
    /// - Throws: ``OpenError`` when the file cannot be opened or created, or is a symbolic link.
    init(path: String) throws(OpenError) {
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW
        var descriptor = open(path, flags | O_CREAT | O_EXCL, 0o600)
        if descriptor >= 0 {
            // The umask may have taken bits off 0600; a new trace is its owner's to read and write.
            _ = fchmod(descriptor, 0o600)
        } else if errno == EEXIST {
            descriptor = open(path, flags)
        }
        guard descriptor >= 0 else {
            let reason = errno
            var status = stat()
            if reason == ELOOP && lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK {
                throw OpenError(message: "cannot open the trace file '\(path)': it is a symbolic link, which a trace never follows; give the path of the file itself")
            }
            throw OpenError(message: "cannot open the trace file '\(path)': \(String(cString: strerror(reason)))")
        }
        self.descriptor = descriptor
    }

    /// Appends `bytes`; a failing trace is reported once on stderr and never stops serving.
    mutating func append(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                _ = StdioTransport.logWithoutWaiting("tool-sequencer warn: writing the trace failed: \(String(cString: strerror(errno)))")
                return
            }
            offset += written
        }
    }
}
