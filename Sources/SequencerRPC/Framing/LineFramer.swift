import SequencerCore

/// Splits a byte stream into `\n`-terminated lines, refusing lines over a limit.
///
/// It remembers how far it has scanned, so every byte is looked at once however the stream is
/// chunked. A trailing `\r` is removed; blank lines are skipped. A line longer than the limit is
/// discarded as it streams in (it is never held whole) and reported once as ``Event/tooLong(length:)``.
public struct LineFramer: Sendable {
    /// What the framer found.
    public enum Event: Sendable, Equatable {
        /// A complete line, without its terminator.
        case line([UInt8])
        /// A line longer than the limit was skipped; `length` counts its bytes without the terminator.
        case tooLong(length: Int)
    }

    /// The longest line accepted, in bytes, terminator excluded.
    public let maxLineBytes: Int
    /// The bytes not yet framed: the end of the line in progress, after ``parts``.
    private var buffer: [UInt8] = []
    private var scanned = 0
    /// The start of a long line in progress, set aside a buffer at a time (none holds a
    /// newline): a line of many megabytes is then copied once, when it is complete, instead of
    /// being moved again at every doubling of one growing buffer.
    private var parts: [[UInt8]] = []
    private var partsCount = 0
    /// The buffer size at which the bytes of a line in progress are set aside in ``parts``.
    private static let partSize = 1 << 20
    /// The bytes held for the line in progress and after it.
    private var held: Int { partsCount + buffer.count }
    /// While skipping an over-long line: the bytes skipped so far.
    private var skipping: Int?
    /// While skipping: whether the last byte skipped was a `\r` (not counted if a `\n` follows).
    private var skippedCarriageReturn = false

    /// A framer that refuses lines over `maxLineBytes`.
    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Takes the next chunk of the stream and returns the events it completes, in order.
    public mutating func append(_ chunk: [UInt8]) -> [Event] {
        append(chunk[...])
    }

    /// Takes the next chunk of the stream and returns the events it completes, in order.
    public mutating func append(_ chunk: ArraySlice<UInt8>) -> [Event] {
        var events: [Event] = []
        var chunkIndex = chunk.startIndex
        while chunkIndex < chunk.endIndex {
            if let skipped = skipping {
                // Discard bytes up to the next newline without buffering them.
                let newline = LineFramer.newline(in: chunk, from: chunkIndex)
                let segmentEnd = newline ?? chunk.endIndex
                if segmentEnd > chunkIndex {
                    skippedCarriageReturn = chunk[segmentEnd - 1] == UInt8(ascii: "\r")
                }
                let total = skipped + (segmentEnd - chunkIndex)
                guard let newline else {
                    skipping = total
                    return events
                }
                events.append(.tooLong(length: total - (skippedCarriageReturn ? 1 : 0)))
                skipping = nil
                chunkIndex = newline + 1
                continue
            }
            let room = maxLineBytes + 2 - held  // the line, a `\r`, and the `\n`
            let takeEnd = chunkIndex + min(room, chunk.endIndex - chunkIndex)
            buffer.append(contentsOf: chunk[chunkIndex..<takeEnd])
            chunkIndex = takeEnd
            extractLines(into: &events)
            if held >= maxLineBytes + 2 {
                // No newline within the limit: this line is too long.
                skipping = held
                skippedCarriageReturn = (buffer.last ?? parts.last?.last) == UInt8(ascii: "\r")
                buffer.removeAll(keepingCapacity: true)
                parts = []
                partsCount = 0
                scanned = 0
            }
        }
        return events
    }

    /// Ends the stream: a last line without its `\n` is returned if there is one.
    public mutating func finish() -> [Event] {
        defer {
            buffer.removeAll()
            parts = []
            partsCount = 0
            scanned = 0
            skipping = nil
        }
        if let skipped = skipping {
            return [.tooLong(length: skipped - (skippedCarriageReturn ? 1 : 0))]
        }
        return event(for: takeParts(then: buffer[...])).map { [$0] } ?? []
    }

    /// The event for a whole line (a trailing `\r` still on it), or `nil` if it is blank.
    private func event(for line: [UInt8]) -> Event? {
        var line = line
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.count > maxLineBytes { return .tooLong(length: line.count) }
        return isBlank(line[...]) ? nil : .line(line)
    }

    /// The line set aside in ``parts`` followed by `tail`, in one array of its exact size;
    /// empties ``parts``.
    private mutating func takeParts(then tail: ArraySlice<UInt8>) -> [UInt8] {
        guard !parts.isEmpty else { return Array(tail) }
        var line: [UInt8] = []
        line.reserveCapacity(partsCount + tail.count)
        for part in parts { line.append(contentsOf: part) }
        line.append(contentsOf: tail)
        parts = []
        partsCount = 0
        return line
    }

    private mutating func extractLines(into events: inout [Event]) {
        var lineStart = 0
        if !parts.isEmpty, let newline = LineFramer.newline(in: buffer[...], from: scanned) {
            // The end of a long line set aside: join it to its parts.
            if let event = event(for: takeParts(then: buffer[..<newline])) { events.append(event) }
            lineStart = newline + 1
            scanned = lineStart
        }
        while let newline = LineFramer.newline(in: buffer[...], from: scanned) {
            var lineEnd = newline
            if lineEnd > lineStart, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let length = lineEnd - lineStart
            if length > maxLineBytes {
                events.append(.tooLong(length: length))
            } else if lineStart == 0 && newline == buffer.count - 1 && !isBlank(buffer[..<lineEnd]) {
                // The buffer holds exactly this line (the usual case for a large request):
                // hand the buffer over instead of copying it.
                var line = buffer
                line.removeSubrange(lineEnd...)
                buffer = []
                scanned = 0
                events.append(.line(line))
                return
            } else if !isBlank(buffer[lineStart..<lineEnd]) {
                events.append(.line(Array(buffer[lineStart..<lineEnd])))
            }
            lineStart = newline + 1
            scanned = lineStart
        }
        if lineStart > 0 {
            buffer.removeSubrange(0..<lineStart)
        }
        scanned = buffer.count
        if buffer.count >= LineFramer.partSize {
            // A long line in progress, with no newline in the buffer: set the buffer aside.
            partsCount += buffer.count
            parts.append(buffer)
            buffer = []
            scanned = 0
        }
    }

    /// The index of the first `\n` at or after `start`, scanning the storage directly: 64 bytes
    /// at a time while there is no newline in them, then a block of 32 bytes at a time
    /// (``ByteScan``) where it can.
    private static func newline(in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start - bytes.startIndex
            if let base = buffer.baseAddress {
                // Whole windows without a newline (most of a large request) cost one test each.
                while index &+ 64 <= buffer.count, !ByteScan.contains(UInt8(ascii: "\n"), inWindowAt: UnsafeRawPointer(base + index)) {
                    index &+= 64
                }
                while index &+ ByteScan.blockSize <= buffer.count {
                    let marks = ByteScan.mask(of: UInt8(ascii: "\n"), inBlockAt: UnsafeRawPointer(base + index))
                    if marks != 0 { return index &+ marks.trailingZeroBitCount + bytes.startIndex }
                    index &+= ByteScan.blockSize
                }
            }
            while index < buffer.count {
                if buffer[index] == UInt8(ascii: "\n") { return index + bytes.startIndex }
                index += 1
            }
            return nil
        }
    }

    private func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
