// Shared by every fuzz target (compiled into each by `Tests/Fuzz/build.sh`).

/// Stops the run with `message` when `condition` is false; libFuzzer then saves the input as a
/// crash (`crash-<sha1>`). Unlike `precondition`, it also fires in `-O` builds with a message.
@inline(__always)
func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fatalError("FUZZ CHECK FAILED: \(message())", file: file, line: line)
    }
}
