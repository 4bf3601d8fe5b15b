import Foundation

/// The latency baseline: reads lines and writes each one back, with the same read loop shape
/// as the sidecar (one `read`, answer every complete line, one `write`).
enum EchoPeer {
    static func run() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            buffer.append(contentsOf: chunk[0..<count])
            if let last = buffer.lastIndex(of: UInt8(ascii: "\n")) {
                let lines = Array(buffer[...last])
                buffer.removeSubrange(...last)
                PipePeer.writeAll(lines, to: STDOUT_FILENO)
            }
        }
    }
}
