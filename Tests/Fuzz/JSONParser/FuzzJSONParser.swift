// libFuzzer target: arbitrary bytes through `JSONParser`, and what is parsed back through
// `JSONWriter`. Built by `Tests/Fuzz/build.sh` in one module with the SequencerCore sources, so it
// sees internal API. Every check that fails stops the run with `fuzzCheck`'s message.
//
// Checks, for every input:
// 1. Parsing the bytes from an `ArraySlice` that does not start at index 0 gives the same value,
//    or the same error at the same offset (the parser reads through a pointer offset by the
//    slice's start, unchecked in release builds).
// 2. An error's offset lies inside the text (0...count).
// 7. Parsing without the string scan's window fast path (`StringWindowScan`) gives the same value,
//    or the same error at the same offset.
// 8. `parseRequest`, which defers the nested values of `params.items`, gives an equal value that
//    writes the same bytes, or the same error at the same offset.
// On success:
// 3. Writing the value and parsing the text again gives an equal value (round trip), and writing
//    that gives the same bytes (writing is stable).
// 4. The nesting limit is exact: the value parses with `maxDepth` equal to its depth, and
//    fails with `tooDeep` with one less.
// 5. Every string (keys included) decodes to valid UTF-8; escaping its text anew gives an equal
//    `JSONString` with the same hash; `equals(_:)` agrees with its own text.
// 6. Every number's text is accepted by `JSONNumber(text:)`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = parseResult(bytes[...], maxDepth: JSONParser.defaultMaxDepth)

    // 1. The same text at a non-zero start index, with junk bytes around it.
    var padded: [UInt8] = [UInt8(ascii: "["), 0xFF, UInt8(ascii: "\"")]
    padded.append(contentsOf: bytes)
    padded.append(contentsOf: [UInt8(ascii: "\""), 0xFF, UInt8(ascii: "]")])
    let sliced = parseResult(padded[3..<(3 + size)], maxDepth: JSONParser.defaultMaxDepth)
    checkSameOutcome(result, sliced, "a slice at index 3")

    // 7. The window fast path changes nothing.
    let byteByByte = Result { () throws(JSONParseError) in try JSONParser.parse(bytes, windowScan: false) }
    checkSameOutcome(result, byteByByte, "without the window scan,")

    // 8. Deferring request items changes nothing either.
    let deferred = Result { () throws(JSONParseError) in try JSONParser.parseRequest(bytes) }
    switch (result, deferred) {
    case (.success(let value), .success(let other)):
        fuzzCheck(value == other && other == value, "parseRequest gives a different value")
        fuzzCheck(value.serialized == other.serialized, "parseRequest's value writes different bytes")
        fuzzCheck(value.serializedCount == other.serializedCount, "parseRequest's value counts different bytes")
    case (.failure(let error), .failure(let other)):
        fuzzCheck(error == other, "parseRequest fails differently: \(error.message) vs \(other.message)")
    default:
        fuzzCheck(false, "parseRequest gives a different outcome: \(result) vs \(deferred)")
    }

    let value: JSONValue
    switch result {
    case .failure(let error):
        // 2.
        fuzzCheck(error.offset >= 0 && error.offset <= size, "error offset \(error.offset) outside 0...\(size): \(error.message)")
        return 0
    case .success(let parsed):
        value = parsed
    }

    // 3. Round trip, and stable writing.
    let written = value.serialized
    let reparsed: JSONValue
    do {
        reparsed = try JSONParser.parse(written, maxDepth: Int.max)
    } catch {
        fuzzCheck(false, "the written text does not parse: \(error.message)\n\(String(decoding: written, as: UTF8.self))")
        return 0
    }
    fuzzCheck(reparsed == value, "the written text parses to a different value")
    fuzzCheck(reparsed.serialized == written, "writing is not stable")

    // 4. The nesting limit is exact.
    let depth = nestingDepth(value)
    if case .failure(let error) = parseResult(bytes[...], maxDepth: depth) {
        fuzzCheck(false, "a value of depth \(depth) fails with maxDepth \(depth): \(error.message)")
    }
    if depth > 0 {
        switch parseResult(bytes[...], maxDepth: depth - 1) {
        case .failure(let error) where error.kind == .tooDeep(limit: depth - 1):
            break
        case let other:
            fuzzCheck(false, "a value of depth \(depth) with maxDepth \(depth - 1) gives \(other), not tooDeep")
        }
    }

    // 5 and 6.
    checkScalars(value)
    return 0
}

private func parseResult(_ text: ArraySlice<UInt8>, maxDepth: Int) -> Result<JSONValue, JSONParseError> {
    do {
        return .success(try JSONParser.parse(text, maxDepth: maxDepth))
    } catch {
        return .failure(error)
    }
}

/// The deepest nesting of arrays and objects in `value` (0 for a scalar).
private func nestingDepth(_ value: JSONValue) -> Int {
    switch value {
    case .array(let elements): 1 + (elements.map(nestingDepth).max() ?? 0)
    case .object(let object): 1 + (object.members.map { nestingDepth($0.value) }.max() ?? 0)
    default: 0
    }
}

private func checkScalars(_ value: JSONValue) {
    switch value {
    case .string(let string):
        checkString(string)
    case .number(let number):
        fuzzCheck(JSONNumber(text: number.text) != nil, "parsed number \(number.text) is not a valid JSONNumber")
    case .array(let elements):
        elements.forEach(checkScalars)
    case .object(let object):
        for member in object.members {
            checkString(member.key)
            checkScalars(member.value)
        }
    case .null, .bool:
        break
    }
}

private func checkString(_ string: JSONString) {
    let utf8 = string.utf8
    fuzzCheck(String(validating: utf8, as: UTF8.self) != nil, "a parsed string decodes to invalid UTF-8")
    let text = string.value
    let again = JSONString(text)
    fuzzCheck(again == string, "re-escaping \(String(decoding: string.escaped, as: UTF8.self)) gives an unequal string")
    fuzzCheck(again.hashValue == string.hashValue, "equal strings hash differently")
    fuzzCheck(string.equals(text), "equals(_:) is false for the string's own text")
    fuzzCheck(again.equals(text), "equals(_:) is false for a string made from the text")
}

/// Stops the run unless `first` and `second` are the same value, or the same error at the same
/// offset; `what` names the second way of parsing in the message.
private func checkSameOutcome(_ first: Result<JSONValue, JSONParseError>, _ second: Result<JSONValue, JSONParseError>, _ what: String) {
    switch (first, second) {
    case (.success(let value), .success(let other)):
        fuzzCheck(value == other, "\(what) the value differs")
    case (.failure(let error), .failure(let other)):
        fuzzCheck(error == other, "\(what) the error differs: \(error.message) vs \(other.message)")
    default:
        fuzzCheck(false, "\(what) the outcome differs: \(first) vs \(second)")
    }
}
