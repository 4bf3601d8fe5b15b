#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The answers of one read that are computed but not yet written, in memory a signal handler
/// may read: ``StopSignals`` writes them out when SIGTERM stops the process mid-read.
///
/// A Swift array's storage may move on any mutation and may only be read inside
/// `withUnsafeBufferPointer`, so it cannot be handed to a signal handler; this buffer is one
/// block from `malloc`, which moves only when ``appendLine(_:)`` grows it, and the transport never
/// appends while a request is being handled (when the handler may read it).
///
/// - Invariant: `count <= capacity`, and `storage` holds `capacity` bytes (or is `nil` when
///   `capacity` is 0).
final class PendingAnswers {
    private(set) var storage: UnsafeMutableRawPointer?
    private(set) var count = 0
    private var capacity = 0

    init() {}

    deinit {
        free(storage)
    }

    /// Appends `line` and a `\n`, growing the block (at least doubling it) when they do not fit.
    func appendLine(_ line: UnsafeRawBufferPointer) {
        let needed = count + line.count + 1
        if needed > capacity {
            let wanted = max(needed, capacity * 2, 1 << 12)
            guard let grown = realloc(storage, wanted) else {
                fatalError("out of memory: cannot hold \(wanted) bytes of answers")
            }
            storage = grown
            capacity = wanted
        }
        guard let storage else { return }
        if let base = line.baseAddress {
            (storage + count).copyMemory(from: base, byteCount: line.count)
        }
        storage.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: count + line.count, as: UInt8.self)
        count = needed
        assert(count <= capacity)
    }

    /// Forgets the answers; the block is kept for the next read unless it grew past `limit`
    /// bytes, in which case it goes back to the allocator.
    func removeAll(keepingAtMost limit: Int) {
        count = 0
        if capacity > limit {
            free(storage)
            storage = nil
            capacity = 0
        }
    }

    /// The answers as bytes, for `write`.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage, count: count)
    }
}
