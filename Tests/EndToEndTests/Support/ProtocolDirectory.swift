import Foundation

/// Where `protocol/` is: found from this source file's path, so the tests work from any
/// working directory.
enum ProtocolDirectory {
    /// `<package>/protocol`.
    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // EndToEndTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("protocol", isDirectory: true)

    /// `<package>/protocol/transcripts`.
    static let transcripts = url.appendingPathComponent("transcripts", isDirectory: true)

    /// `<package>/protocol/README.md`: the contract.
    static let readme = url.appendingPathComponent("README.md", isDirectory: false)

    /// `<package>/protocol/schema.json`.
    static let schema = url.appendingPathComponent("schema.json", isDirectory: false)
}
