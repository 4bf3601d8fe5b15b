import Foundation
@testable import SequencerCLI

/// Files shipped in examples/, found from this source file so tests run from any directory.
enum Examples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }
}

extension CommandOutput {
    /// stdout as text.
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

extension String {
    /// The text's UTF-8 bytes.
    var bytes: [UInt8] { Array(utf8) }
}
