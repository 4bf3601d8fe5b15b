/// Escaping and unescaping of JSON string bodies.
enum JSONEscaping {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` to `bytes` escaped as a JSON string body (without quotes).
    ///
    /// Escapes `"`, `\` and every control character below U+0020; everything else is copied.
    static func appendEscaped<S: Sequence, Sink: ByteSink>(_ text: S, to bytes: inout Sink) where S.Element == UInt8 {
        if text.withContiguousStorageIfAvailable({ appendEscaped(contiguous: $0, to: &bytes) }) != nil { return }
        for byte in text {
            appendEscaped(byte, to: &bytes)
        }
    }

    /// ``appendEscaped(_:to:)`` over contiguous bytes: runs that need no escape are copied whole.
    private static func appendEscaped<Sink: ByteSink>(contiguous text: UnsafeBufferPointer<UInt8>, to bytes: inout Sink) {
        var runStart = 0
        for index in text.indices {
            let byte = text[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") { continue }
            bytes.append(UnsafeBufferPointer(rebasing: text[runStart..<index]))
            appendEscaped(byte, to: &bytes)
            runStart = index + 1
        }
        bytes.append(UnsafeBufferPointer(rebasing: text[runStart...]))
    }

    /// Appends one byte, escaped if JSON requires it.
    @inline(__always)
    private static func appendEscaped<Sink: ByteSink>(_ byte: UInt8, to bytes: inout Sink) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "f"))
        case 0x00..<0x20:
            for byte in [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")] { bytes.append(byte) }
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0xF)])
        default: bytes.append(byte)
        }
    }

    /// Decodes a validated escaped string body into UTF-8 bytes.
    ///
    /// - Precondition: `escaped` came from ``JSONParser`` or ``appendEscaped(_:to:)``, so every
    ///   escape is complete and every `\u` surrogate is paired.
    static func unescape(_ escaped: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(escaped.count)
        var index = escaped.startIndex
        let end = escaped.endIndex
        while index < end {
            let byte = escaped[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < end else {
                out.append(byte)
                index += 1
                continue
            }
            let kind = escaped[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = hexValue(escaped, at: index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= end, escaped[index] == UInt8(ascii: "\\") {
                    let low = hexValue(escaped, at: index + 2)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(kind)  // `"`, `\` and `/` stand for themselves
            }
        }
        return out
    }

    /// The value of the four hex digits at `index`.
    static func hexValue(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 {
            value = value << 4 | UInt32(hexDigitValue(bytes[index + offset]) ?? 0)
        }
        return value
    }

    /// The value of one hex digit, or `nil` if `byte` is not one.
    static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Appends the UTF-8 encoding of `scalar` (a valid Unicode scalar value).
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
