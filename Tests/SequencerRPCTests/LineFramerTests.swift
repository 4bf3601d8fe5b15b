import Testing
@testable import SequencerRPC

@Suite("LineFramer: splitting the byte stream into lines")
struct LineFramerTests {
    typealias Event = LineFramer.Event

    /// The events for `stream` fed as `chunks`, then `finish()`.
    private func frame(_ chunks: [[UInt8]], limit: Int) -> [Event] {
        var framer = LineFramer(maxLineBytes: limit)
        var events: [Event] = []
        for chunk in chunks {
            events += framer.append(chunk)
        }
        return events + framer.finish()
    }

    private func line(_ text: String) -> Event { .line(Array(text.utf8)) }

    /// The number of bytes the framer holds now, read through reflection (its buffer is private).
    private func buffered(_ framer: LineFramer) -> Int {
        let buffer = Mirror(reflecting: framer).children.first { $0.label == "buffer" }?.value as? [UInt8]
        return buffer?.count ?? -1
    }

    /// The capacity of the framer's buffer now, read through reflection.
    private func capacity(_ framer: LineFramer) -> Int {
        let buffer = Mirror(reflecting: framer).children.first { $0.label == "buffer" }?.value as? [UInt8]
        return buffer?.capacity ?? -1
    }

    @Test("several lines in one chunk come out in order, without their terminators")
    func linesInOneChunk() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(framer.append(Array("{\"a\":1}\n[2]\n\"three\"\n".utf8)) == [line(#"{"a":1}"#), line("[2]"), line(#""three""#)])
        #expect(framer.finish() == [])
    }

    @Test("a stream split at every byte boundary gives the same lines as the whole stream")
    func everySplitPoint() {
        let stream = Array("{\"id\":1}\r\n\n  \n{\"id\":22}\n\r\n\t\r\n[3,4]\r\nlast".utf8)
        let expected = [line(#"{"id":1}"#), line(#"{"id":22}"#), line("[3,4]"), line("last")]
        #expect(frame([stream], limit: 64) == expected)
        for split in 0...stream.count {
            #expect(frame([Array(stream[..<split]), Array(stream[split...])], limit: 64) == expected, "split at \(split)")
        }
        for first in 0...stream.count {
            for second in first...stream.count {
                let chunks = [Array(stream[..<first]), Array(stream[first..<second]), Array(stream[second...])]
                #expect(frame(chunks, limit: 64) == expected, "splits at \(first) and \(second)")
            }
        }
    }

    @Test("lines of every length around the 32-byte scan blocks are found, however they are chunked")
    func lineLengthsAroundBlocks() {
        var stream: [UInt8] = []
        var expected: [Event] = []
        for length in 1...100 {
            let text = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            stream += text + [UInt8(ascii: "\n")]
            expected.append(.line(text))
        }
        #expect(frame([stream], limit: 200) == expected)
        for chunkSize in [1, 7, 31, 32, 33, 64, 100] {
            let chunks = stride(from: 0, to: stream.count, by: chunkSize).map { Array(stream[$0..<min($0 + chunkSize, stream.count)]) }
            #expect(frame(chunks, limit: 200) == expected, "chunks of \(chunkSize)")
        }
    }

    @Test("lines of several megabytes come whole, next to short ones, however they are chunked")
    func longLines() {
        let long = (0..<(5 << 20 + 123)).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let stream = Array("first\n".utf8) + long + Array("\r\nmiddle\n".utf8) + long + Array("\n".utf8) + long
        let expected: [Event] = [line("first"), .line(long), line("middle"), .line(long), .line(long)]
        for chunkSize in [1 << 16, 1 << 20, 3 << 20 + 7, stream.count] {
            let chunks = stride(from: 0, to: stream.count, by: chunkSize).map { Array(stream[$0..<min($0 + chunkSize, stream.count)]) }
            #expect(frame(chunks, limit: 6 << 20) == expected, "chunks of \(chunkSize)")
        }
        // Over the limit by one byte, with or without a \r before its \n.
        let over = Array(long[..<(3 << 20 + 1)])
        for ending in ["\n", "\r\n"] {
            let chunks = stride(from: 0, to: over.count, by: 1 << 20).map { Array(over[$0..<min($0 + (1 << 20), over.count)]) }
            #expect(frame(chunks + [Array((ending + "next\n").utf8)], limit: 3 << 20) == [.tooLong(length: over.count), line("next")])
        }
    }

    @Test("a stream fed one byte at a time gives the same lines")
    func byteAtATime() {
        let stream = Array("a\nbb\r\n\nccc\n".utf8)
        #expect(frame(stream.map { [$0] }, limit: 8) == [line("a"), line("bb"), line("ccc")])
    }

    @Test("\\r\\n is a terminator; a \\r inside a line is kept")
    func crlf() {
        #expect(frame([Array("a\r\nb\rc\r\n".utf8)], limit: 8) == [line("a"), line("b\rc")])
    }

    @Test("blank lines (empty, spaces, tabs, a lone \\r) are skipped")
    func blankLines() {
        #expect(frame([Array("\n\n \n\t\t\n\r\n \t\r\nx\n\n".utf8)], limit: 8) == [line("x")])
    }

    @Test("finish() returns a last line that has no \\n, without a trailing \\r")
    func lastLineWithoutNewline() {
        var framer = LineFramer(maxLineBytes: 16)
        #expect(framer.append(Array("one\ntwo".utf8)) == [line("one")])
        #expect(framer.finish() == [line("two")])
        var crFramer = LineFramer(maxLineBytes: 16)
        #expect(crFramer.append(Array("two\r".utf8)) == [])
        #expect(crFramer.finish() == [line("two")])
    }

    @Test("finish() after a complete stream, or a blank tail, returns nothing")
    func finishWithNothingLeft() {
        var framer = LineFramer(maxLineBytes: 16)
        #expect(framer.finish() == [])
        _ = framer.append(Array("x\n  ".utf8))
        #expect(framer.finish() == [])
    }

    @Test("a line of exactly the limit is accepted, with \\n, with \\r\\n and at the end of input")
    func lineAtTheLimit() {
        #expect(frame([Array("abcd\n".utf8)], limit: 4) == [line("abcd")])
        #expect(frame([Array("abcd\r\n".utf8)], limit: 4) == [line("abcd")])
        #expect(frame([Array("abcd".utf8)], limit: 4) == [line("abcd")])
        #expect(frame([Array("abcd\r".utf8)], limit: 4) == [line("abcd")])
        #expect(frame(Array("abcd\r\n".utf8).map { [$0] }, limit: 4) == [line("abcd")])
    }

    @Test("a line one byte over the limit is reported with its length, and the next line still comes")
    func oneByteOver() {
        #expect(frame([Array("abcde\nok\n".utf8)], limit: 4) == [.tooLong(length: 5), line("ok")])
        #expect(frame(Array("abcde\nok\n".utf8).map { [$0] }, limit: 4) == [.tooLong(length: 5), line("ok")])
    }

    @Test("a line over the limit at the end of input is reported by finish()")
    func overLongAtEndOfInput() {
        #expect(frame([Array("ok\nabcde".utf8)], limit: 4) == [line("ok"), .tooLong(length: 5)])
        #expect(frame([Array("ok\nabcdefghij".utf8)], limit: 4) == [line("ok"), .tooLong(length: 10)])
    }

    @Test("an over-long line spanning many chunks is reported once, with its whole length")
    func overLongAcrossChunks() {
        var framer = LineFramer(maxLineBytes: 10)
        var events: [Event] = []
        events += framer.append(Array("ok\n".utf8))
        for _ in 0..<100 {
            events += framer.append([UInt8](repeating: UInt8(ascii: "x"), count: 7))
        }
        events += framer.append(Array("\nafter\n".utf8))
        events += framer.finish()
        #expect(events == [line("ok"), .tooLong(length: 700), line("after")])
    }

    @Test("two over-long lines in one chunk are reported separately")
    func twoOverLongLines() {
        #expect(frame([Array("abcdefg\nhijklmnop\nq\n".utf8)], limit: 4) == [.tooLong(length: 7), .tooLong(length: 9), line("q")])
    }

    @Test("a long line comes with little room to spare, and the next long line gets room for 1/8 more than it at once")
    func longLineRoom() {
        var framer = LineFramer(maxLineBytes: 64 << 20)
        let first = [UInt8](repeating: UInt8(ascii: "a"), count: 3 << 20)
        var events: [Event] = []
        for start in stride(from: 0, to: first.count, by: 1 << 16) {
            events += framer.append(Array(first[start..<start + (1 << 16)]))
        }
        events += framer.append(Array("\n".utf8))
        #expect(events == [.line(first)])
        #expect(buffered(framer) == 0)
        // A line is handed over with little room to spare (a session may keep it).
        if case .line(let line)? = events.first { #expect(line.capacity <= line.count + line.count / 8 + 64) }
        // The next long line: room for the last one's length and 1/8 more, taken once it is long.
        events = framer.append([UInt8](repeating: UInt8(ascii: "b"), count: 1 << 20))
        #expect(capacity(framer) < 3 << 20)
        events += framer.append([UInt8](repeating: UInt8(ascii: "b"), count: 1 << 16))
        let room = capacity(framer)  // the allocator may round it up a little
        #expect(room >= (3 << 20) + (3 << 20) / 8 && room < (3 << 20) + (3 << 20) / 8 + 4096)
        events += framer.append([UInt8](repeating: UInt8(ascii: "b"), count: 2 << 20))
        #expect(capacity(framer) == room, "not moved again")
        events += framer.append(Array("\n".utf8))
        #expect(events == [.line([UInt8](repeating: UInt8(ascii: "b"), count: (3 << 20) + (1 << 16)))])
        if case .line(let line)? = events.first { #expect(line.capacity == room, "handed over, not copied") }
    }

    @Test("the framer never holds more than limit + 2 bytes, however the stream is chunked")
    func boundedBuffer() {
        let limit = 32
        var framer = LineFramer(maxLineBytes: limit)
        var events: [Event] = []
        var largest = 0
        // A 10 000-byte line in chunks of 13, a line at the limit, then a 1 MiB chunk with no newline.
        for _ in 0..<770 {
            events += framer.append([UInt8](repeating: UInt8(ascii: "a"), count: 13))
            largest = max(largest, buffered(framer))
        }
        events += framer.append(Array("\n".utf8) + [UInt8](repeating: UInt8(ascii: "b"), count: limit) + Array("\r\n".utf8))
        largest = max(largest, buffered(framer))
        events += framer.append([UInt8](repeating: UInt8(ascii: "c"), count: 1 << 20))
        largest = max(largest, buffered(framer))
        events += framer.append(Array("\nend\n".utf8))
        largest = max(largest, buffered(framer))
        #expect(largest >= 0 && largest <= limit + 2)
        #expect(events == [
            .tooLong(length: 770 * 13), .line([UInt8](repeating: UInt8(ascii: "b"), count: limit)),
            .tooLong(length: 1 << 20), line("end"),
        ])
    }

    @Test("an over-long line ending in \\r\\n is reported without its \\r, however it is chunked")
    func overLongLineLengthExcludesCR() {
        // Whole: the `\r` is found next to the `\n`, so it is not counted.
        #expect(frame([Array("abcdefgh\r\nok\n".utf8)], limit: 4) == [.tooLong(length: 8), line("ok")])
        // limit + 1 bytes then \r\n: the \r fills the buffer (limit + 2) and is counted.
        #expect(frame([Array("abcde\r\nok\n".utf8)], limit: 4) == [.tooLong(length: 5), line("ok")])
        // The \r at the end of one chunk, the \n at the start of the next.
        #expect(frame([Array("abcdefgh\r".utf8), Array("\nok\n".utf8)], limit: 4) == [.tooLong(length: 8), line("ok")])
    }
}
