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
    /// The bytes not yet framed: the line in progress, and what follows it in the last chunk.
    private var buffer: [UInt8] = []
    private var scanned = 0
    /// The length of the last long line (over ``longLine`` bytes), 0 before one. A host sends its
    /// history again every turn, a little longer: a long line in progress is given room for 1/8
    /// more than that at once, so that it is neither moved at every doubling of a growing buffer
    /// nor copied whole when it ends (it is handed over as it is).
    private var lastLongLine = 0
    /// The length from which a line is a long one.
    private static let longLine = 1 << 20
    /// The bytes held for the line in progress and after it.
    private var held: Int { buffer.count }
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
            let needed = buffer.count + (takeEnd - chunkIndex)
            if needed > buffer.capacity && needed > LineFramer.longLine && lastLongLine >= needed {
                buffer.reserveCapacity(min(lastLongLine + lastLongLine / 8, maxLineBytes + 2))
            }
            buffer.append(contentsOf: chunk[chunkIndex..<takeEnd])
            chunkIndex = takeEnd
            extractLines(into: &events)
            if held >= maxLineBytes + 2 {
                // No newline within the limit: this line is too long.
                skipping = held
                skippedCarriageReturn = buffer.last == UInt8(ascii: "\r")
                buffer = []
                scanned = 0
            }
        }
        return events
    }

    /// Ends the stream: a last line without its `\n` is returned if there is one.
    public mutating func finish() -> [Event] {
        defer {
            buffer.removeAll()
            scanned = 0
            skipping = nil
        }
        if let skipped = skipping {
            return [.tooLong(length: skipped - (skippedCarriageReturn ? 1 : 0))]
        }
        return event(for: buffer).map { [$0] } ?? []
    }

    /// The event for a whole line (a trailing `\r` still on it), or `nil` if it is blank.
    private func event(for line: [UInt8]) -> Event? {
        var line = line
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.count > maxLineBytes { return .tooLong(length: line.count) }
        return isBlank(line[...]) ? nil : .line(line)
    }

    private mutating func extractLines(into events: inout [Event]) {
        var lineStart = 0
        while let newline = LineFramer.newline(in: buffer[...], from: scanned) {
            var lineEnd = newline
            if lineEnd > lineStart, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let length = lineEnd - lineStart
            if length > maxLineBytes {
                events.append(.tooLong(length: length))
            } else if lineStart == 0 && newline == buffer.count - 1 && buffer.capacity - length <= length / 8 + 64
                        && !isBlank(buffer[..<lineEnd]) {
                // The buffer holds exactly this line (the usual case for a large request), with
                // little room to spare: hand the buffer over instead of copying it. (With more
                // room, a copy of the line's own size is handed over: a session may keep the line
                // as long as it keeps the items, and would keep the room with it.)
                if length > LineFramer.longLine { lastLongLine = length }
                var line = buffer
                buffer = []  // first: `line` is then the only reference, and cutting it copies nothing
                line.removeSubrange(lineEnd...)
                scanned = 0
                events.append(.line(line))
                return
            } else if !isBlank(buffer[lineStart..<lineEnd]) {
                if length > LineFramer.longLine { lastLongLine = length }
                events.append(.line(Array(buffer[lineStart..<lineEnd])))
            }
            lineStart = newline + 1
            scanned = lineStart
        }
        if lineStart == buffer.count && buffer.capacity > LineFramer.longLine {
            buffer = []  // every line in it is out: a large buffer goes back to the allocator now
        } else if lineStart > 0 {
            buffer.removeSubrange(0..<lineStart)
        }
        scanned = buffer.count
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
