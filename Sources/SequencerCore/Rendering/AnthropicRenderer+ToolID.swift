// MARK: - Tool ids

extension AnthropicRenderer {
    /// The Anthropic tool id for a `call_id`: the same id on the `tool_use` block and on the
    /// `tool_result` block that answers it.
    ///
    /// Anthropic accepts tool ids matching `^[a-zA-Z0-9_-]+$`. An id that already matches is kept
    /// as it is. Any other id has every other character (Unicode scalar) replaced by `_`, then
    /// `_` and the 16 lowercase hex digits of the 64-bit FNV-1a hash of its UTF-8 bytes appended:
    /// `functions.shell:0` becomes `functions_shell_0_` followed by its hash.
    ///
    /// The mapping is a pure function of the id (no per-process seed, no state), so renders of
    /// different slices of one conversation agree, and a host can compute it too. Two ids that
    /// differ map to different ids unless their hashes collide *and* they differ only in
    /// replaced characters; a mapped id carries a hash suffix, so it cannot equal a kept id
    /// unless that id was written to look exactly like it.
    ///
    /// - Parameter callId: A non-empty `call_id`.
    /// - Returns: An id matching `^[a-zA-Z0-9_-]+$`.
    public static func toolID(forCallID callId: String) -> String {
        if callId.utf8.allSatisfy(isToolIDByte) && !callId.isEmpty { return callId }
        var mapped = ""
        mapped.reserveCapacity(callId.utf8.count + 17)
        for scalar in callId.unicodeScalars {
            if scalar.isASCII, isToolIDByte(UInt8(scalar.value)) {
                mapped.unicodeScalars.append(scalar)
            } else {
                mapped.append("_")
            }
        }
        mapped.append("_")
        mapped.append(hexDigits(fnv1a64(callId.utf8)))
        return mapped
    }

    /// The tool id for an item's `call_id`, as a JSON string; an id that needs no mapping keeps
    /// its storage.
    static func toolID(of item: Item) -> JSONString {
        let original = item.callIdString
        if !original.hasEscapes && !original.escaped.isEmpty && original.escaped.allSatisfy(isToolIDByte) {
            return original
        }
        return JSONString(toolID(forCallID: original.value))
    }

    /// Whether `byte` is one of `a-z`, `A-Z`, `0-9`, `_`, `-`: the alphabet of Anthropic tool ids
    /// (`^[a-zA-Z0-9_-]+$`), shared with the validator.
    static func isToolIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// The 64-bit FNV-1a hash of `bytes`.
    static func fnv1a64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// `value` as 16 lowercase hex digits.
    private static func hexDigits(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
