#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SequencerCLI

/// Runs a one-shot command over a file's bytes and prints what it returns.
enum FileCommand {
    /// Reads `path` (`-` for stdin), runs `command`, writes its output; returns the exit status.
    static func run(path: String, _ command: ([UInt8]) -> CommandOutput) -> Int32 {
        guard let contents = readFile(path) else {
            StdioTransport.log("tool-sequencer: cannot read '\(path)': \(String(cString: strerror(errno)))")
            return 2
        }
        let output = command(contents)
        StdioTransport.writeAll(output.stdout)
        if !output.stderr.isEmpty {
            var text = output.stderr
            if text.hasSuffix("\n") { text.removeLast() }
            StdioTransport.log(text)
        }
        return output.status
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
        }
    }
}
