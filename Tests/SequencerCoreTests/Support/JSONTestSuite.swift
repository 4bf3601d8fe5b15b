import Foundation

/// The files of nst/JSONTestSuite's `test_parsing/` directory, read from the test bundle.
///
/// The fixtures live in `Fixtures/JSONTestSuite/test_parsing/` and are copied into the bundle as
/// they are (`resources: [.copy("Fixtures")]`). File names start with `y_` (must be accepted),
/// `n_` (must be rejected) or `i_` (either outcome).
enum JSONTestSuite {
    /// How many files of each kind the copied suite holds; a test checks the bundle against these,
    /// so a missing or partial copy fails loudly instead of running zero parameterized cases.
    static let expectedAcceptCount = 95
    static let expectedRejectCount = 188
    static let expectedEitherCount = 35

    /// The `test_parsing/` directory inside the test bundle, or `nil` if it was not bundled.
    static let directory: URL? = Bundle.module.resourceURL?
        .appendingPathComponent("Fixtures", isDirectory: true)
        .appendingPathComponent("JSONTestSuite", isDirectory: true)
        .appendingPathComponent("test_parsing", isDirectory: true)

    /// Every file name in `test_parsing/`, sorted; empty if the directory cannot be listed.
    static let allFiles: [String] = {
        guard let directory,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    /// The files that must parse.
    static let acceptFiles = allFiles.filter { $0.hasPrefix("y_") }
    /// The files that must fail with a ``JSONParseError``.
    static let rejectFiles = allFiles.filter { $0.hasPrefix("n_") }
    /// The files whose outcome is left to the implementation.
    static let eitherFiles = allFiles.filter { $0.hasPrefix("i_") }

    /// The bytes of the file `name` in `test_parsing/`.
    static func contents(of name: String) throws -> [UInt8] {
        guard let directory else { throw MissingFixtures() }
        let url = directory.appendingPathComponent(name, isDirectory: false)
        return [UInt8](try Data(contentsOf: url))
    }

    /// The fixtures directory is not in the test bundle.
    struct MissingFixtures: Error, CustomStringConvertible {
        var description: String { "Fixtures/JSONTestSuite/test_parsing is not in Bundle.module" }
    }
}
