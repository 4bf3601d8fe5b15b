import Foundation

/// Where `protocol/` is: found from this source file's path, so the tests work from any
/// working directory.
package enum ProtocolDirectory {
    /// `<package>/protocol`.
    package static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Locations
        .deletingLastPathComponent()  // SequencerTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("protocol", isDirectory: true)

    /// `<package>/protocol/transcripts`.
    package static let transcripts = url.appendingPathComponent("transcripts", isDirectory: true)

    /// `<package>/protocol/README.md`: the contract.
    package static let readme = url.appendingPathComponent("README.md", isDirectory: false)

    /// `<package>/protocol/schema.json`.
    package static let schema = url.appendingPathComponent("schema.json", isDirectory: false)
}
